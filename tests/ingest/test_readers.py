"""Files are read by registered readers; one registered from outside joins them."""

from __future__ import annotations

import catalogue

from newsprism.ingest import ingest
from newsprism.ingest.readers import Reader, claimed_suffixes, reader_for
from newsprism.ingest.uploads import read_upload
from newsprism.registries import readers


def test_each_file_goes_to_the_reader_that_reads_it(tmp_path):
    cases = {"a.txt": b"Plain text.", "b.html": b"<html><body>x</body></html>",
             "c.xml": b"<?xml version='1.0'?><rss><channel></channel></rss>",
             "d.html": b"<rss version='2.0'><channel></channel></rss>",  # a feed, whatever
             "e.jsonl.gz": b"", "f.warc": b"", "g.dat": b"no reader claims this"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    chosen = {name: reader_for(tmp_path / name) for name in cases}
    names = {name: next((k for k, r in readers.get_all().items() if r is reader), None)
             for name, reader in chosen.items()}
    assert names == {"a.txt": "text", "b.html": "html", "c.xml": "feed", "d.html": "feed",
                     "e.jsonl.gz": "table", "f.warc": "warc", "g.dat": None}


def test_a_reader_registered_from_outside_reads_its_files(tmp_path):
    """Issue 20: a new input format is a reader plus a registration; folders, the CLI and
    uploads pick it up."""

    def read_subtitles(path, context):
        blocks = path.read_text(encoding="utf-8").split("\n\n")
        text = " ".join(line for block in blocks for line in block.splitlines()[2:])
        from newsprism.ingest.meta import make_article

        yield str(path), make_article(text, {"path": str(path), "outlet": "Broadcast"},
                                      {"outlet": "srt"})

    readers.register("test_srt", func=Reader((".srt",), read_subtitles))
    try:
        srt = ("1\n00:00:01,000 --> 00:00:04,000\nThe council voted on Tuesday\n\n"
               "2\n00:00:04,500 --> 00:00:08,000\nto close the old bridge to lorries.\n")
        (tmp_path / "news.srt").write_text(srt, encoding="utf-8")
        result = ingest([tmp_path])
        uploaded = list(read_upload("clip.srt", srt.encode()))
        assert ".srt" in claimed_suffixes()
    finally:
        catalogue._remove(("newsprism", "readers", "test_srt"))
    [article] = result.articles
    assert article.text == "The council voted on Tuesday to close the old bridge to lorries."
    assert article.outlet == "Broadcast" and not result.errors
    [(label, from_upload)] = uploaded
    assert label == "upload:clip.srt" and from_upload.text == article.text
    assert ".srt" not in claimed_suffixes()
