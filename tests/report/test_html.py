"""render_html: one safe, self-contained page where every citation lands on its exact span."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from html.parser import HTMLParser

import pytest

from newsprism.models import Alignment, Analysis, Brief, BriefSentence, Citation
from newsprism.report import build_report, render_html
from newsprism.report.html import span_tokens, target_id

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
)
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


class Page(HTMLParser):
    """Collects ids, fragment links, and the text inside each element that has an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: Counter[str] = Counter()
        self.text_of: dict[str, str] = {}
        self.parts: dict[str, str] = {}  # continuation pieces of split spans, by their id
        self.stack: list[tuple[str, str | None]] = []
        self.attrs_seen: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        attr = dict(attrs)
        for name, value in attrs:
            self.attrs_seen.append((tag, name, value))
        if attr.get("id"):
            self.ids.append(attr["id"])
            self.text_of.setdefault(attr["id"], "")
        if tag == "a" and attr.get("href"):
            self.hrefs.append(attr["href"])
        if tag not in VOID:
            self.stack.append((tag, attr.get("id") or (attr.get("data-part") and "+" +
                                                       attr["data-part"])))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, key in self.stack:
            if key and key.startswith("+"):
                self.parts[key[1:]] = self.parts.get(key[1:], "") + data
            elif key:
                self.text_of[key] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture
def html(report: dict) -> str:
    return render_html(report)


def test_self_contained_with_csp(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in html
    page = parse(html)
    assert page.tags["link"] == 0 and page.tags["img"] == 0 and page.tags["iframe"] == 0
    # No attribute may load anything from elsewhere: offline, and nothing phones home.
    for tag, name, value in page.attrs_seen:
        if name in {"src", "href", "action"}:
            assert value is not None and value.startswith("#"), (tag, name, value)
    assert not re.search(r"url\(|@import|https?://(?!json-schema)", html)
    assert page.tags["style"] == 1 and page.tags["script"] == 1


def test_untrusted_text_is_escaped(html: str) -> None:
    assert "<script>alert(1)</script>" not in html  # the title
    assert "<script>alert(2)</script>" not in html  # the article text
    assert "Mutiny &lt;script&gt;alert(1)&lt;/script&gt; ends" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert html.count("<script") == 1  # only our own inline script


def test_hostile_values_cannot_break_attributes(small_analysis: Analysis) -> None:
    art = dataclasses.replace(small_analysis.articles[0], outlet='x" onmouseover="alert(3)')
    analysis = dataclasses.replace(
        small_analysis, articles=(art, *small_analysis.articles[1:])
    )
    html = render_html(build_report(analysis))
    assert 'onmouseover="alert(3)"' not in html
    assert "x&#34; onmouseover=&#34;alert(3)" in html
    assert not any(name.startswith("on") for _, name, _ in parse(html).attrs_seen)


def test_ids_are_unique_and_every_link_has_a_target(html: str) -> None:
    page = parse(html)
    duplicated = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not duplicated
    missing = [h for h in page.hrefs if h.startswith("#") and h[1:] not in set(page.ids)]
    assert not missing
    assert len(page.hrefs) > 20


def test_citations_land_on_exact_spans(report: dict, html: str) -> None:
    page = parse(html)
    texts = {a["id"]: a["text"] for a in report["articles"]}
    cited = [c for s in report["brief"]["sentences"] for c in s["citations"]]
    cited += [c for t in report["brief"]["timeline"] for c in t["citations"]]
    for c in cited:
        sid = target_id(c["article_id"], c["start"], c["end"])
        assert f'href="#{sid}"' in html
        assert page.text_of[sid] == texts[c["article_id"]][c["start"]:c["end"]]
    for claim in report["claims"]:  # every claim sentence is a highlightable span
        assert page.text_of[target_id(claim["article_id"], claim["start"], claim["end"])] == (
            claim["text"]
        )


def test_article_text_is_rendered_whole(report: dict, html: str) -> None:
    page = parse(html)
    for art in report["articles"]:
        section = page.text_of[f"article-{art['id']}"]
        assert art["text"] in section  # spans add no characters, whitespace kept


def test_highlight_script_reads_the_hash(html: str) -> None:
    script = html[html.index("<script>"):]
    assert "location.hash" in script and "hashchange" in script
    assert 'classList.add("hl")' in script
    assert ".hl" in html  # the highlight style exists


def test_summary_and_article_list(report: dict, html: str) -> None:
    assert "<li><b>3</b> articles</li>" in html
    assert "<li><b>1</b> conflicts</li>" in html
    assert "gazette-b" in html and "title: first_line" in html
    assert "outlet: sidecar; published: text; title: sidecar" in html


def _row(html: str, fact_id: str) -> str:
    start = html.index(f'<tr id="fact-{fact_id}">')
    return html[start:html.index("</tr>", start)]


def test_fact_matrix(report: dict, html: str) -> None:
    by_status = {f["status"]: f for f in report["facts"]}
    consensus = _row(html, by_status["consensus"]["id"])
    assert consensus.count('class="cell carries"') == 3 and "✓" in consensus
    disputed = _row(html, by_status["disputed"]["id"])
    assert disputed.count('class="cell carries"') == 1
    assert disputed.count('class="cell contradicts"') == 1 and "✗" in disputed
    assert disputed.count('class="cell omits"') == 1 and "–" in disputed
    assert f'href="#conflict-{report["conflicts"][0]["id"]}"' in disputed
    single = html[html.index("Single-source claims"):html.index('<section id="conflicts">')]
    assert "Kremlin Watch" in single and "brokered by Lukashenko" in single


def test_conflicts_side_by_side(report: dict, html: str) -> None:
    conflict = report["conflicts"][0]
    block = html[html.index(f'id="conflict-{conflict["id"]}"'):html.index('<section id="quotes">')]
    assert "score 0.87" in block and "numeric" in block and "quantity comparison" in block
    assert "counts differ by more than a factor of 3" in block
    assert "between speakers" in block
    assert block.count("<blockquote>") == 2
    assert "About 25,000 fighters" in block and "Officials said 8,000 fighters" in block


def test_quotes_entities_errors(html: str) -> None:
    quotes = html[html.index('<section id="quotes">'):html.index('<section id="entities">')]
    assert "direct" in quotes and "reported" in quotes and "Prigozhin" in quotes
    entities = html[html.index('<section id="entities">'):html.index('<section id="articles">')]
    assert "Prigozhin, Prigojine" in entities and "Daily Planet: 1; gazette-b: 1" in entities
    assert '<section id="errors">' in html and "unsupported file type .pdf" in html


def test_empty_report_renders() -> None:
    empty = Analysis((), (), (), (), Alignment((), ()), Brief((), ()))
    html = render_html(build_report(empty))
    for message in ("No brief sentences.", "No dated events.", "No consensus facts.",
                    "No conflicts found.", "No quotes found.", "No entities.", "No articles."):
        assert message in html
    assert '<section id="errors">' not in html
    assert not [h for h in parse(html).hrefs if h[1:] not in set(parse(html).ids)]


def test_invalid_citation_is_not_a_dangling_link(small_analysis: Analysis) -> None:
    art = small_analysis.articles[0]
    bad = BriefSentence("Out of range.", None, (Citation(art.id, 5, 10_000),))
    analysis = dataclasses.replace(small_analysis, brief=Brief((bad,), ()))
    html = render_html(build_report(analysis))
    assert "invalid offsets" in html
    page = parse(html)
    assert all(h[1:] in set(page.ids) for h in page.hrefs)


def test_crossing_spans_are_split_but_well_nested() -> None:
    text = "Alpha beta gamma delta."
    spans = {(0, 10), (6, 16)}  # "Alpha beta" and "beta gamma" cross
    tokens = span_tokens("art_x", text, spans, {})
    assert "".join(t["text"] for t in tokens if t["t"] == "text") == text
    depth = 0
    for t in tokens:
        depth += {"open": 1, "close": -1}.get(t["t"], 0)
        assert depth >= 0
    assert depth == 0
    html = "<div>" + "".join(
        t["text"] if t["t"] == "text" else
        "</span>" if t["t"] == "close" else
        f'<span id="{t["id"]}">' if t["id"] else f'<span data-part="{t["part"]}">'
        for t in tokens
    ) + "</div>"
    page = parse(html)
    assert page.text_of["s-art_x-0-10"] == "Alpha beta"
    second = "s-art_x-6-16"
    assert page.text_of[second] + page.parts.get(second, "") == "beta gamma"
    assert second in page.parts  # the crossing span continues in a data-part piece


def test_reused_text_is_listed_with_outlet_labels(report: dict) -> None:
    a, b = report["articles"][0], report["articles"][1]
    report["reuse"] = [{"article_a": a["id"], "article_b": b["id"], "containment": 0.93,
                        "shared_shingles": 120, "kind": "copy"}]
    page = render_html(report)
    block = page[page.index('<section id="reuse">'):]
    block = block[:block.index("</section>")]
    assert f'href="#article-{a["id"]}">{a["label"]}' in block and "93 %" in block
    assert "copy" in block


def test_a_clause_claim_is_shown_inside_its_sentence(report: dict) -> None:
    conflict = report["conflicts"][0]
    claim = next(c for c in report["claims"] if c["id"] == conflict["claim_a"])
    text = next(a["text"] for a in report["articles"] if a["id"] == claim["article_id"])
    claim["sentence_start"], claim["sentence_end"] = max(0, claim["start"] - 4), claim["end"]
    page = render_html(report)
    block = page[page.index(f'id="conflict-{conflict["id"]}"'):]
    before = text[claim["sentence_start"]:claim["start"]]
    assert f'<span class="muted">{before}</span><b>' in block


def test_voices_and_tone_tables_escape_and_cite(small_analysis) -> None:
    import dataclasses

    from newsprism.framing import frame
    from newsprism.models import Citation, Voice
    from newsprism.report import build_report, render_html, render_markdown

    framing = frame(small_analysis.annotated, small_analysis.entities)
    first = small_analysis.articles[0]
    hostile = Voice("Daily Planet", "<img src=x onerror=alert(1)>", None, "person", 1, 3, 1.0,
                    True, (Citation(first.id, 0, 6),))
    framing = dataclasses.replace(framing, voices=(*framing.voices, hostile))
    report = build_report(dataclasses.replace(small_analysis, framing=framing))
    page = render_html(report)
    assert 'id="voices"' in page and 'id="tone"' in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "only here" in page
    md = render_markdown(report)
    assert "## Voices" in md and "\\<img src=x" in md
    first_tone = framing.tone[0]  # the Wagner sentences: each tone number links to them
    cited = first_tone.citations[0]
    assert f'href="#s-{cited.article_id}-{cited.start}-{cited.end}"' in page
