import json

import pytest

from newsprism import nli
from newsprism.nli import NLIModel, NLIModelError, label_order


def test_label_order_reads_any_case_and_order():
    assert label_order({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}) == {
        "contradiction": 0, "neutral": 1, "entailment": 2}


def test_label_order_refuses_models_that_do_not_name_three_labels():
    with pytest.raises(NLIModelError, match="id2label"):
        label_order({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    with pytest.raises(NLIModelError):
        label_order({0: "entailment", 1: "not_entailment"})


def test_a_directory_without_a_model_is_a_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("no model here")
    with pytest.raises(NLIModelError, match="config.json"):
        NLIModel(tmp_path).predict(["a"], ["b"])


def test_the_shipped_model_is_in_the_package_with_its_card():
    path = nli.shipped_model_path()
    assert (path / "model.safetensors").stat().st_size > 10_000_000
    card = (path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "Licence" in card and "accuracy" in card.lower()
    config = json.loads((path / "config.json").read_text())
    assert set(config["id2label"].values()) == set(nli.LABELS)


@pytest.mark.slow
def test_clear_pairs_get_the_expected_label():
    premises = ["The minister resigned on Thursday.",
                "The court acquitted the senator.",
                "The bill was approved by the Senate.",
                "The storm killed three people in the coastal town."]
    hypotheses = ["The minister did not resign.",
                  "The senator was found guilty.",
                  "The Senate passed the bill.",
                  "The coastal town has a population of 20,000."]
    predictions = nli.contradiction(premises, hypotheses)
    assert [p.label for p in predictions] == [
        "contradiction", "contradiction", "entailment", "neutral"]
    label, probabilities = predictions[0]
    assert probabilities["contradiction"] > 0.6
    assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-4)


@pytest.mark.slow
def test_scores_do_not_depend_on_batch_composition():
    pair = ("Police said the fire was started deliberately.", "The fire was an accident.")
    alone = nli.contradiction(*pair).probabilities
    crowd = ["A much longer sentence about an entirely different event, with many more words "
             "in it than the pair under test has, so that padding changes.", "Short one."]
    batch = nli.contradiction([crowd[0], pair[0], crowd[1]], [crowd[1], pair[1], crowd[0]])
    for label in nli.LABELS:
        assert batch[1].probabilities[label] == pytest.approx(alone[label], abs=1e-4)


@pytest.mark.slow
def test_symmetric_contradiction_is_the_same_both_ways():
    first, second = ["The border crossing reopened on Monday."], ["The border stayed closed."]
    forward = nli.symmetric_contradiction(first, second)
    assert forward == pytest.approx(nli.symmetric_contradiction(second, first), abs=1e-6)
    assert forward[0] > 0.5


@pytest.mark.slow
def test_any_hf_directory_can_stand_in(tmp_path):
    import shutil

    copy = tmp_path / "my-nli"
    shutil.copytree(nli.shipped_model_path(), copy)
    result = nli.contradiction("The shop opened.", "The shop did not open.", model=copy)
    assert result.label == "contradiction"
