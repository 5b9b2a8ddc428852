import json

from newsprism.ingest import decode_text, infer_outlet, infer_published, ingest, read_article


def write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_reads_text_and_content_hash_id(tmp_path):
    write(tmp_path / "a.txt", b"Putin spoke on Monday.\r\nHe said little.")
    result = ingest([tmp_path])
    assert not result.errors
    (article,) = result.articles
    assert article.text == "Putin spoke on Monday.\nHe said little."
    assert article.id.startswith("art_") and len(article.id) == 20
    assert article.path.endswith("a.txt")


def test_duplicates_stored_once_and_bad_files_reported(tmp_path):
    write(tmp_path / "a.txt", b"Same text in two files.")
    write(tmp_path / "b.txt", b"Same text in two files.")
    write(tmp_path / "empty.txt", b"   \n")
    write(tmp_path / "binary.txt", b"\x00\x01\x02garbage")
    write(tmp_path / "latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1"))
    result = ingest([tmp_path, tmp_path / "missing.txt"])
    assert len(result.articles) == 1
    reasons = {e.source.rsplit("/", 1)[-1]: e.message for e in result.errors}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "no such file" in reasons["missing.txt"]


def test_empty_folder_is_an_error(tmp_path):
    result = ingest([tmp_path])
    assert not result.articles
    assert "folder holds no articles" in result.errors[0].message


def test_sidecar_metadata_wins(tmp_path):
    write(tmp_path / "x.txt", b"Text of the story. Copyright 2023 Daily Planet.")
    (tmp_path / "x.meta.json").write_text(json.dumps(
        {"outlet": "The Bugle", "title": "Headline", "published": "2023-06-25T10:00:00Z"}))
    article = read_article(tmp_path / "x.txt")
    assert (article.outlet, article.title, article.published) == ("The Bugle", "Headline",
                                                                  "2023-06-25")
    assert article.published_at == "2023-06-25T10:00:00+00:00"
    assert article.metadata_sources == {"outlet": "sidecar", "title": "sidecar",
                                        "published": "sidecar", "published_at": "sidecar"}


def test_a_front_matter_time_keeps_its_day_and_offset(tmp_path):
    """YAML would read the time as a UTC datetime without its zone (an evening story moved
    to the next day); it stays as written."""
    write(tmp_path / "z.md", b"---\npublished: 2023-06-24 22:40:00-04:00\n---\nBody text.")
    article = read_article(tmp_path / "z.md")
    assert article.published == "2023-06-24"
    assert article.published_at == "2023-06-24T22:40:00-04:00"


def test_front_matter_is_metadata_not_text(tmp_path):
    write(tmp_path / "y.md", b"---\noutlet: Le Monde\ndate: 2023-06-24\n---\nBody text here.")
    article = read_article(tmp_path / "y.md")
    assert article.text == "Body text here."
    assert article.outlet == "Le Monde" and article.published == "2023-06-24"
    assert article.metadata_sources["published"] == "front_matter"


def test_bad_sidecar_is_a_per_item_error(tmp_path):
    write(tmp_path / "z.txt", b"Some text.")
    (tmp_path / "z.meta.json").write_text("{not json")
    result = ingest([tmp_path])
    assert not result.articles and "not valid JSON" in result.errors[0].message


def test_inference_from_text():
    assert infer_outlet("Body.  All Content by Mehr News Agency is licensed under CC") == (
        "Mehr News Agency")
    assert infer_outlet("No self-reference here.") is None
    text = "A photo, Rostov, June 24, 2023. Earlier, on 3 May 2022, and 2021-01-05."
    assert infer_published(text) == "2023-06-24"
    assert infer_published("Nothing dated.") is None


def test_decode_accepts_bom():
    assert decode_text("\ufeffhello".encode("utf-8")) == "hello"


def test_known_articles_skip_language_detection(tmp_path):
    from newsprism.ingest import iter_ingest

    text = ("The harbour reopened on Monday after dock workers ended a three-day strike over "
            "pay and night shifts at the container terminal.")
    write(tmp_path / "a.txt", text.encode())
    (fresh,) = [item for _, item in iter_ingest([tmp_path])]
    (again,) = [item for _, item in iter_ingest([tmp_path], known=lambda i: i == fresh.id)]
    assert fresh.language == "en" and again.language is None and again.id == fresh.id


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    for name in ("huge.txt", "huge.html"):
        with (tmp_path / name).open("wb") as handle:
            handle.truncate(50 * 2**20)  # sparse: 50 MB on paper, nothing to read
    result = ingest([tmp_path])
    assert not result.articles
    assert sorted(e.message for e in result.errors) == [
        "huge.html is 50 MB; the limit is 20 MB", "huge.txt is 50 MB; the limit is 20 MB"]


BOMB = """---
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
title: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
The harbour reopened on Monday after a three-day strike by dock workers ended.
"""


def test_hostile_metadata_is_a_per_item_error_and_the_batch_goes_on(tmp_path):
    """Issue 19: a YAML alias bomb (a few hundred bytes that expand past gigabytes once read),
    front matter and a sidecar nested thousands deep, an oversized sidecar: each is an error
    naming its file, in bounded memory, and the good article beside them is stored."""
    import resource

    write(tmp_path / "bomb.md", BOMB.encode())
    write(tmp_path / "deep.md", ("---\ntitle: " + "[" * 5000 + "]" * 5000 +
                                 "\n---\nThe harbour reopened on Monday after the strike.\n"
                                 ).encode())
    write(tmp_path / "nested.txt", b"The harbour reopened on Monday after the strike ended.")
    write(tmp_path / "nested.meta.json", ("[" * 20_000 + "]" * 20_000).encode())
    write(tmp_path / "big.txt", b"The harbour reopened on Monday after the strike was over.")
    write(tmp_path / "big.meta.json", b'{"title": "' + b"x" * 70_000 + b'"}')
    write(tmp_path / "good.txt", b"The dock workers voted on Sunday to end their strike.")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = ingest([tmp_path])
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert [a.text for a in result.articles] == [
        "The dock workers voted on Sunday to end their strike."]
    messages = {e.source.rsplit("/", 1)[-1]: e.message for e in result.errors}
    assert "aliases" in messages["bomb.md"]
    assert "nested too deeply" in messages["deep.md"]
    assert "nested too deeply" in messages["nested.txt"]
    assert messages["big.txt"] == "big.meta.json is 68 KiB; the limit is 64 KiB"
    assert grown_mb < 200
