from newsprism.annotate.quotes import quoted_spans


def spans(text):
    return [text[s:e] for s, e in quoted_spans(text)]


def test_mixed_straight_and_curly_marks_pair_by_direction():
    text = 'They warned of "Russophobic goals”, he said. Medvedev called it "nonsense".'
    assert spans(text) == ["Russophobic goals", "nonsense"]


def test_apostrophes_are_not_quotes():
    text = "Russia's army said ‘we won’t stop’ and Wagner's men left."
    assert spans(text) == ["we won’t stop"]


def test_unclosed_quote_does_not_swallow_the_article():
    text = 'He said "this never closes.\n\nNext paragraph "is quoted" here.'
    assert spans(text) == ["is quoted"]
