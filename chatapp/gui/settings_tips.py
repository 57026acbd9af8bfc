"""What the settings panel says about each control: its label and a tooltip in plain
words, with a typical range."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from chatapp.core.conversation import OverflowPolicy


def sampling_texts() -> dict[str, tuple[str, str]]:
    """The label and tooltip of each sampling control, by SamplingParams field."""
    translate = QCoreApplication.translate
    return {
        "temperature": (
            translate("SettingsPanel", "Temperature"),
            translate(
                "SettingsPanel",
                "How random the reply is. Low (0.2) is focused and repeatable, high (1.2) "
                "is more varied and can wander off. Typical: 0.6-0.9.",
            ),
        ),
        "top_p": (
            translate("SettingsPanel", "Top-p"),
            translate(
                "SettingsPanel",
                "Each next word is picked only from the most likely words that together "
                "make up this share of the chances. Lower (0.5) is safer, 1.0 turns it "
                "off. Typical: 0.9-0.95.",
            ),
        ),
        "top_k": (
            translate("SettingsPanel", "Top-k"),
            translate(
                "SettingsPanel",
                "Each next word is picked only from this many most likely words. Lower is "
                "more focused, 0 turns it off. Typical: 20-100.",
            ),
        ),
        "min_p": (
            translate("SettingsPanel", "Min-p"),
            translate(
                "SettingsPanel",
                "Leaves out words whose chance is below this fraction of the most likely "
                "word's. Higher is more focused, 0 turns it off. Typical: 0.02-0.1.",
            ),
        ),
        "repeat_penalty": (
            translate("SettingsPanel", "Repeat penalty"),
            translate(
                "SettingsPanel",
                "Makes words the reply already used less likely, against loops and "
                "repetition. 1.0 turns it off; above 1.3 the text gets odd. "
                "Typical: 1.05-1.2.",
            ),
        ),
        "repeat_last_n": (
            translate("SettingsPanel", "Repeat window"),
            translate(
                "SettingsPanel",
                "How many of the last tokens the repeat penalty looks back at. 0 turns the "
                "penalty off. Typical: 64-256.",
            ),
        ),
        "max_tokens": (
            translate("SettingsPanel", "Max tokens"),
            translate(
                "SettingsPanel",
                "The longest a reply may get, in tokens (a token is about three quarters "
                "of a word); the reply stops there, even mid-sentence. Typical: 500-2000.",
            ),
        ),
        "seed": (
            translate("SettingsPanel", "Seed"),
            translate(
                "SettingsPanel",
                "Where the randomness starts: the same seed, settings and chat give the "
                "same reply again. Any whole number; used when Random is off.",
            ),
        ),
        "random_seed": (
            translate("SettingsPanel", "Random"),
            translate(
                "SettingsPanel",
                "A new seed for every reply, so asking again gives a different answer. "
                "Off: the seed above, for replies you can repeat.",
            ),
        ),
    }


def load_texts(default_context: int) -> dict[str, tuple[str, str]]:
    """The label and tooltip of each load control (they need a model reload)."""
    translate = QCoreApplication.translate
    return {
        "n_ctx": (
            translate("SettingsPanel", "Context length"),
            translate(
                "SettingsPanel",
                "How many tokens the model can keep in mind at once: the system prompt, "
                "the chat so far and the reply. More needs more memory and a model reload. "
                "Typical: 4096-16384 (default {tokens}); the model's own limit is the most it "
                "can use.",
            ).format(tokens=default_context),
        ),
        "n_gpu_layers": (
            translate("SettingsPanel", "GPU layers"),
            translate(
                "SettingsPanel",
                "How many of the model's layers run on the graphics card; the rest run on "
                "the CPU. More is faster but needs more GPU memory. Auto (plan): as many "
                "layers as fit in GPU memory, from the model and the context length; "
                "0: CPU only. Needs a model reload.",
            ),
        ),
        "n_threads": (
            translate("SettingsPanel", "Threads"),
            translate(
                "SettingsPanel",
                "How many CPU threads compute the layers that run on the CPU. Auto: one "
                "per physical core, usually the fastest; more threads than cores slow it "
                "down. Typical: 4-16. Needs a model reload.",
            ),
        ),
        "flash_attn": (
            translate("SettingsPanel", "Flash attention"),
            translate(
                "SettingsPanel",
                "A faster way to compute attention that needs less memory for long "
                "contexts. Leave it on unless a model gives garbled replies or fails to "
                "load with it. Needs a model reload.",
            ),
        ),
    }


def overflow_labels() -> dict[OverflowPolicy, tuple[str, str]]:
    """The overflow choices as the panel shows them, short and in full."""
    translate = QCoreApplication.translate
    return {
        OverflowPolicy.KEEP_SYSTEM: (
            translate("SettingsPanel", "Drop the oldest turns"),
            translate("SettingsPanel", "Drop the oldest turns, keep the system prompt"),
        ),
        OverflowPolicy.ROLLING_WINDOW: (
            translate("SettingsPanel", "Rolling window"),
            translate("SettingsPanel", "Rolling window (the system prompt can fall out too)"),
        ),
        OverflowPolicy.STOP_AND_ASK: (
            translate("SettingsPanel", "Stop and ask me"),
            translate("SettingsPanel", "Stop and ask me what to do"),
        ),
    }


def overflow_tip() -> str:
    return QCoreApplication.translate(
        "SettingsPanel",
        "What this chat does when it no longer fits in the context length. Drop the "
        "oldest turns: the start of the chat is left out, the system prompt stays "
        "(the usual choice). Rolling window: only the newest turns that fit are sent, "
        "even without the system prompt. Stop and ask: nothing is sent until you decide.",
    )


def preset_tip() -> str:
    return QCoreApplication.translate(
        "SettingsPanel",
        "Ready-made sampling settings. Precise: focused, repeatable answers (facts, "
        "code). Balanced: the everyday default. Creative: more varied writing. It shows "
        "Custom when your values match no preset; max tokens and the seed are kept.",
    )


def reset_tip(default_context: int) -> str:
    return QCoreApplication.translate(
        "SettingsPanel",
        "Put the sampling and model settings back to ChatApp's defaults: the Balanced "
        "preset, {tokens} tokens of context, automatic GPU layers and threads, flash attention "
        "on. The system prompt and the overflow choice are kept.",
    ).format(tokens=default_context)


def system_prompt_tip() -> str:
    return QCoreApplication.translate(
        "SettingsPanel",
        'Instructions the model reads before the chat, for example "You are a concise '
        'assistant. Answer in English." Usually one to a few sentences; leave it empty '
        "for the model's own behavior.",
    )


def reload_tip() -> str:
    return QCoreApplication.translate(
        "SettingsPanel",
        "Load the model again with the new context length, GPU layers, threads and "
        "flash attention. Your chats stay as they are.",
    )


def advanced_tip() -> str:
    return QCoreApplication.translate(
        "SettingsPanel", "Show or hide the settings that are rarely changed"
    )
