import json

import numpy as np
import pytest

from newsprism import embeddings


def test_the_claim_encoder_ships_with_its_card_and_training_record():
    path = embeddings.CLAIM_ENCODER
    assert (path / "model.safetensors").stat().st_size > 10_000_000
    assert (path / "1_Pooling" / "config.json").is_file()  # packaged: weights/*/*/*
    card = (path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "multilingual-e5-small" in card and "Apache-2.0" in card
    settings = json.loads((path / "settings.json").read_text(encoding="utf-8"))
    before, after = settings["held_out_before"], settings["held_out_after"]
    assert after["pairwise_cosine_r"] > before["pairwise_cosine_r"]


@pytest.mark.slow
def test_claim_vectors_are_unit_length_and_rank_a_restatement_above_a_neighbour():
    statements = [
        "The city council voted on Tuesday to close the Elm Street library.",
        "Councillors decided this week to shut down the library on Elm Street.",
        "The Elm Street library was built in 1911 with money from a local mill owner.",
    ]
    vectors = embeddings.embed_claims(statements)
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.slow
def test_any_sentence_transformers_directory_replaces_the_claim_encoder():
    texts = ["Officials said twelve people died in the floods."]
    general = embeddings._shipped_model_path()
    assert np.allclose(embeddings.embed_claims(texts, general), embeddings.embed(texts))
    assert not np.allclose(embeddings.embed_claims(texts), embeddings.embed(texts))
