"""Uploaded files and pasted text: read by the usual readers, labelled by the upload's name,
which never becomes a path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.ingest.uploads import (
    article_from_form,
    known_suffix,
    read_upload,
    upload_label,
)
from newsprism.models import Article, ItemError

STORY = "Workers at the port ended their strike on Friday after a deal on pay. " * 3


def _read(name: str, data: bytes) -> list:
    return list(read_upload(name, data))


def test_a_text_upload_is_one_article_labelled_by_its_name():
    [(label, article)] = _read("notes/strike.txt", STORY.encode())
    assert isinstance(article, Article) and label == "upload:strike.txt"
    assert article.path == "upload:strike.txt" and article.text.startswith("Workers")


def test_an_export_upload_keeps_its_line_numbers():
    rows = [{"text": STORY, "title": "Strike ends", "outlet": "Port Times"},
            {"title": "no text here"}]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    found = _read("export.jsonl", data)
    assert [label for label, _ in found] == ["upload:export.jsonl:1", "upload:export.jsonl:2"]
    assert found[0][1].outlet == "Port Times"
    assert isinstance(found[1][1], ItemError) and found[1][1].source == "upload:export.jsonl:2"


def test_html_without_a_known_ending_is_recognised_by_its_content():
    page = (f"<html><head><title>Strike ends</title></head><body><article><p>{STORY}</p>"
            "</article></body></html>").encode()
    [(_, article)] = _read("download", page)
    assert isinstance(article, Article) and "strike" in article.text


@pytest.mark.parametrize("name", ["../../etc/passwd.txt", "/tmp/evil.txt", "..\\..\\x.txt",
                                  "a\x00b.txt"])
def test_a_hostile_name_is_only_a_label(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    [(label, article)] = _read(name, STORY.encode())
    assert label.startswith("upload:") and "/" not in label and "\x00" not in label
    assert isinstance(article, Article)
    assert list(Path(tmp_path).iterdir()) == []  # nothing written where the name pointed


@pytest.mark.parametrize(("data", "words"), [(b"", "empty"), (b"\x00\x01" * 100, "binary")])
def test_bad_uploads_are_per_item_errors(data, words):
    [(label, error)] = _read("bad.txt", data)
    assert isinstance(error, ItemError) and words in error.message
    assert error.source == "upload:bad.txt" and label == "upload:bad.txt"


def test_labels_and_suffixes():
    assert upload_label("") == "upload:unnamed"
    assert known_suffix("A.JSONL.GZ") == ".jsonl.gz" and known_suffix("x.pdf") == ""


def test_pasted_text_takes_the_forms_metadata():
    article = article_from_form(STORY, title=" Strike ends ", outlet="Port Times",
                                published="2024-03-01", url="https://port.example/strike")
    assert (article.title, article.outlet, article.published) == ("Strike ends", "Port Times",
                                                                  "2024-03-01")
    assert article.metadata_sources["outlet"] == "form" and article.language == "en"
    with pytest.raises(ValueError, match="date"):
        article_from_form(STORY, published="soonish")
    with pytest.raises(ValueError):
        article_from_form("   ")
