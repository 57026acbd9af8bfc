"""Counting a conversation's tokens for the context meter, with and without tokenizer.json."""

from __future__ import annotations

from pathlib import Path

from tokenizers import Tokenizer, models, pre_tokenizers, trainers

from chatapp.core.templates import Message
from chatapp.core.token_budget import (
    MESSAGE_OVERHEAD,
    ContextBudget,
    TokenizerFileCounter,
    counter_for_model,
)

CORPUS = ["the quick brown fox jumps over the lazy dog"] * 50 + ["hello world again"] * 50


def _tokenizer_json(folder: Path) -> Path:
    """A real tokenizer.json, trained by the tokenizers library on a tiny corpus."""
    tokenizer = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.train_from_iterator(CORPUS, trainers.WordLevelTrainer(special_tokens=["[UNK]"]))
    path = folder / "tokenizer.json"
    tokenizer.save(str(path))
    return path


def test_the_tokenizer_beside_a_model_counts_words(tmp_path: Path):
    _tokenizer_json(tmp_path)
    counter = counter_for_model(tmp_path / "model.gguf")
    assert isinstance(counter, TokenizerFileCounter)
    assert counter.count("the quick brown fox") == 4
    assert counter.count("") == 0


def test_a_tokenizer_of_another_vocabulary_is_not_used(tmp_path: Path):
    _tokenizer_json(tmp_path)
    assert counter_for_model(tmp_path / "model.gguf", n_vocab=32000) is None
    assert counter_for_model(tmp_path / "elsewhere" / "model.gguf") is None
    (tmp_path / "tokenizer.json").write_text("{broken", encoding="utf-8")
    assert counter_for_model(tmp_path / "model.gguf") is None


def test_measure_counts_history_and_draft_with_a_tokenizer(tmp_path: Path):
    _tokenizer_json(tmp_path)
    budget = ContextBudget(counter_for_model(tmp_path / "m.gguf"))
    history = [Message("system", "hello world"), Message("user", "the lazy dog")]
    reading = budget.measure(history, "", 100)
    assert reading.used == 2 + 3 + 2 * MESSAGE_OVERHEAD and reading.exact
    typing = budget.measure(history, "  quick fox jumps ", 100)
    assert typing.draft == 3 + MESSAGE_OVERHEAD
    assert typing.used == reading.used + typing.draft
    assert typing.describe() == f"{typing.used:,} / 100 tokens"


def test_without_a_tokenizer_the_engine_count_stands_and_the_draft_is_estimated():
    budget = ContextBudget()
    history = [Message("user", "x" * 400), Message("assistant", "y" * 400)]
    guess = budget.measure(history, "", 4096)
    assert not guess.exact and guess.describe().startswith("≈")
    budget.record_engine_count(history, 210)
    assert budget.measure(history, "", 4096).used == 210
    with_draft = budget.measure(history, "z" * 80, 4096)
    assert with_draft.used == 210 + with_draft.draft and with_draft.draft > MESSAGE_OVERHEAD
    # Calibrated: 800 characters were 200 text tokens, so 4 characters a token.
    assert with_draft.draft == 20 + MESSAGE_OVERHEAD
    changed = [*history, Message("user", "w" * 40)]
    assert budget.measure(changed, "", 4096).used == 100 + 100 + 10 + 3 * MESSAGE_OVERHEAD


def test_levels():
    budget = ContextBudget()
    long = [Message("user", "a" * 36_000)]
    assert budget.measure(long, "", 20_000).level == "ok"
    assert budget.measure(long, "", 12_000).level == "tight"
    assert budget.measure(long, "", 9_000).level == "over"
