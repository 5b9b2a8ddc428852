from newsprism.tokens import senses


def test_first_senses_make_synonyms_and_nothing_else():
    assert senses("remain") & senses("stay")  # stay.v.01: "stay the same; remain"
    assert senses("buy") & senses("purchase")
    assert not senses("increase") & senses("decrease")  # antonyms are no synonyms
    # "arrest" and "stay" share only a rarer sense ("stopping something's progress")
    assert not senses("arrest") & senses("stay")


def test_a_word_wordnet_does_not_pair_has_no_senses():
    assert senses("prigozhin") == frozenset()
    assert senses("") == frozenset()


def test_a_words_rarer_part_of_speech_makes_no_synonym():
    # claims' words carry no part of speech: only the word's dominant one speaks for it
    assert not senses("state") & senses("say")  # the noun, not "to state"
    assert not senses("miss") & senses("girl")  # the verb, not "a miss"
    assert not senses("race") & senses("rush")
    assert senses("c") == frozenset() and senses("m") == frozenset()  # "D.C.", "I'm"
