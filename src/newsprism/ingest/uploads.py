"""Articles that arrive in memory: uploaded files and pasted text (the web app's "add").

An uploaded file's name is untrusted. It is used for two things only: its ending picks the
reader (from the fixed list of endings ingest knows), and it labels the items (``upload:NAME``)
in the store and in error messages. It never becomes a path: the bytes are written to a fresh
private temporary folder under a fixed name, read by the same readers as a file on disk, and
the folder is removed.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from newsprism.ingest.meta import make_article, parse_date, with_language
from newsprism.models import Article, ItemError

_UNSAFE = re.compile(r"[\x00-\x1f\x7f]+")


def upload_label(name: str) -> str:
    """``upload:NAME`` with the name's folder part and control characters removed."""
    base = _UNSAFE.sub("", name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return f"upload:{base[:200] or 'unnamed'}"


def known_suffix(name: str) -> str:
    """The ending a registered reader claims that ``name`` ends with, the longest
    (".jsonl.gz", not ".gz"); "" when none: the content decides."""
    from newsprism.ingest.readers import claimed_suffixes

    lowered = (name or "").lower()
    return next((s for s in claimed_suffixes() if lowered.endswith(s)), "")


def read_upload(name: str, data: bytes, options=None) -> Iterator[tuple[str, Article | ItemError]]:
    """(label, Article or ItemError) for every article of one uploaded file, labelled
    ``upload:NAME`` (``upload:NAME:LINE`` for rows of an export, ``upload:NAME#URL`` for
    pages of an archive or entries of a feed)."""
    from newsprism.ingest import iter_ingest  # the package imports this module

    label = upload_label(name)
    with tempfile.TemporaryDirectory(prefix="newsprism-upload-") as folder:
        path = Path(folder) / f"upload{known_suffix(name)}"
        path.write_bytes(data)
        inner = str(path)
        for item_label, value in iter_ingest([path], options):
            outer = item_label.replace(inner, label)
            if isinstance(value, ItemError):
                yield outer, replace(value, source=value.source.replace(inner, label))
            else:
                yield outer, replace(value, path=(value.path or inner).replace(inner, label))


def article_from_form(text: str, title: str | None = None, outlet: str | None = None,
                      published: str | None = None, url: str | None = None) -> Article:
    """An article typed or pasted by a user; the form's fields are its metadata. Raises
    ``ValueError`` when there is no text or the date cannot be read."""
    fields = {"title": title, "outlet": outlet, "url": url, "path": "pasted"}
    if published and published.strip():
        fields["published"] = parse_date(published)
        if fields["published"] is None:
            raise ValueError(f"cannot read the date {published!r}; write it as YYYY-MM-DD")
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    sources = {k: "form" for k, v in fields.items() if v and k != "path"}
    return with_language(make_article(text or "", {k: v or None for k, v in fields.items()},
                                      sources))
