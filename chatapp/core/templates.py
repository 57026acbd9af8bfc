"""Chat templates: turning a conversation into the prompt text a model was trained on.

Choice, first that applies: the format the user asked for by name; the GGUF's embedded
Jinja template; a catalog override; a format guessed from the architecture and special
tokens. Every format, built-in or embedded, is a Jinja template rendered in a sandbox,
the way Hugging Face tokenizers render them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Literal

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from chatapp.core.errors import ChatAppError
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.messages import Message as CoreMessage
from chatapp.core.text_enum import TextEnum

log = logging.getLogger(__name__)


class Role(TextEnum):
    """Who says a message; equal to its plain string ("user"), as JSON and SQLite hold it."""

    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(frozen=True)
class Message:
    """One turn of a conversation; ``role`` is a Role or its plain string."""

    role: Role | str
    content: str


# OpenChat's official format from its tokenizer_config.json. llama-cpp-python's
# built-in "openchat" format differs (no "Correct", wrong spacing): never use it.
_OPENCHAT = (
    "{{ bos_token }}{% for m in messages %}"
    "{{ 'GPT4 Correct ' + m['role'] | title + ': ' + m['content'] + '<|end_of_turn|>' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ 'GPT4 Correct Assistant:' }}{% endif %}"
)
_GEMMA = (
    "{{ bos_token }}{% set ns = namespace(system='') %}"
    "{% for m in messages %}{% if m['role'] == 'system' %}"
    "{% set ns.system = m['content'] + '\n\n' %}{% else %}"
    "{{ '<start_of_turn>' + ('model' if m['role'] == 'assistant' else 'user') + '\n' }}"
    "{% if m['role'] == 'user' %}{{ ns.system }}{% set ns.system = '' %}{% endif %}"
    "{{ m['content'] | trim + '<end_of_turn>\n' }}{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<start_of_turn>model\n' }}{% endif %}"
)
_CHATML = (
    "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\n' + m['content'] + '<|im_end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
_LLAMA2 = (
    "{% set ns = namespace(system='') %}{% for m in messages %}"
    "{% if m['role'] == 'system' %}{% set ns.system = '<<SYS>>\n' + m['content'] + '\n<</SYS>>\n\n' %}"
    "{% elif m['role'] == 'user' %}{{ bos_token + '[INST] ' + ns.system + m['content'] + ' [/INST]' }}"
    "{% set ns.system = '' %}{% else %}{{ ' ' + m['content'] + ' ' + eos_token }}{% endif %}"
    "{% endfor %}"
)
_LLAMA3 = (
    "{{ bos_token }}{% for m in messages %}"
    "{{ '<|start_header_id|>' + m['role'] + '<|end_header_id|>\n\n' + m['content'] | trim + '<|eot_id|>' }}"
    "{% endfor %}{% if add_generation_prompt %}"
    "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
)
_MISTRAL = (
    "{{ bos_token }}{% set ns = namespace(system='') %}{% for m in messages %}"
    "{% if m['role'] == 'system' %}{% set ns.system = m['content'] + '\n\n' %}"
    "{% elif m['role'] == 'user' %}{{ '[INST] ' + ns.system + m['content'] + ' [/INST]' }}"
    "{% set ns.system = '' %}{% else %}{{ m['content'] + eos_token }}{% endif %}{% endfor %}"
)


@dataclass(frozen=True)
class BuiltinFormat:
    """A named chat format ChatApp knows without the model's help."""

    source: str
    stop: tuple[str, ...]
    bos_token: str
    eos_token: str


BUILTIN_FORMATS: dict[str, BuiltinFormat] = {
    "openchat": BuiltinFormat(_OPENCHAT, ("<|end_of_turn|>",), "<s>", "<|end_of_turn|>"),
    "gemma": BuiltinFormat(_GEMMA, ("<end_of_turn>",), "<bos>", "<eos>"),
    "chatml": BuiltinFormat(_CHATML, ("<|im_end|>",), "", "<|im_end|>"),
    "llama-2": BuiltinFormat(_LLAMA2, ("</s>",), "<s>", "</s>"),
    "llama-3": BuiltinFormat(_LLAMA3, ("<|eot_id|>",), "<|begin_of_text|>", "<|eot_id|>"),
    "mistral": BuiltinFormat(_MISTRAL, ("</s>",), "<s>", "</s>"),
}

# Markers that end a turn in common templates; any found in a GGUF template is a stop string.
_TURN_ENDS = ("<end_of_turn>", "<|im_end|>", "<|eot_id|>", "<|end_of_turn|>", "<|end|>")


class TemplateError(ChatAppError, ValueError):
    """A chat template that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class ChatTemplate:
    """A compiled chat template and where it came from."""

    name: str
    origin: Literal["requested", "gguf", "catalog", "architecture"]
    source: str
    bos_token: str
    eos_token: str
    stop: tuple[str, ...]

    def render(
        self,
        messages: list[Message],
        add_generation_prompt: bool = True,
        *,
        continue_last: bool = False,
    ) -> str:
        """The prompt text for ``messages``; raises TemplateError when the template fails.
        ``continue_last`` leaves the last message open (no end of turn after it), so
        that the model's next tokens continue it (a reply cut short)."""
        try:
            template = _compiled(self.source)
            rendered = template.render(
                messages=[{"role": str(m.role), "content": m.content} for m in messages],
                add_generation_prompt=add_generation_prompt and not continue_last,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
        except jinja2.TemplateError as exc:
            raise TemplateError(
                CoreMessage(
                    QT_TRANSLATE_NOOP("core", "chat template '{name}' failed: {error}"),
                    name=self.name,
                    error=str(exc),
                )
            ) from exc
        if not continue_last or not messages:
            return rendered
        # As Hugging Face's continue_final_message: cut after the last message's text
        # (templates may trim it, so look for the trimmed text).
        last = messages[-1].content.strip()
        end = rendered.rfind(last) if last else -1
        if end < 0:
            raise TemplateError(
                CoreMessage(
                    QT_TRANSLATE_NOOP("core", "chat template '{name}' cannot continue a message"),
                    name=self.name,
                )
            )
        return rendered[: end + len(last)]


def _raise_exception(message: str) -> None:
    raise jinja2.TemplateError(message)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = lambda fmt: datetime.now().strftime(fmt)
    return env


@lru_cache(maxsize=16)
def _compiled(source: str) -> jinja2.Template:
    # Compiling a model's template took 5 ms, and a long chat is rendered several times
    # a reply while it is fitted to the context; a compiled template renders from any thread.
    return _environment().from_string(source)


def builtin_template(
    name: str, origin: Literal["requested", "catalog", "architecture"] = "requested"
) -> ChatTemplate:
    """The built-in format called ``name``; TemplateError lists the known names."""
    fmt = BUILTIN_FORMATS.get(name.lower())
    if fmt is None:
        known = ", ".join(sorted(BUILTIN_FORMATS))
        raise TemplateError(
            CoreMessage(
                QT_TRANSLATE_NOOP("core", "unknown chat format '{name}': use one of {known}"),
                name=name,
                known=known,
            )
        )
    return ChatTemplate(name.lower(), origin, fmt.source, fmt.bos_token, fmt.eos_token, fmt.stop)


def format_for_architecture(
    architecture: str, eos_token: str | None = None, model_name: str = ""
) -> str:
    """Guess a built-in format from the GGUF's architecture, end token and name."""
    arch = architecture.lower()
    eos = eos_token or ""
    if eos == "<|end_of_turn|>" or "openchat" in model_name.lower():
        return "openchat"
    if arch.startswith("gemma"):
        return "gemma"
    if eos in ("<|eot_id|>", "<|end_of_text|>"):
        return "llama-3"
    if arch == "llama" or arch == "mistral":
        return "mistral" if "mistral" in model_name.lower() else "llama-2"
    return "chatml"


def choose_template(
    *,
    requested: str | None = None,
    gguf_template: str | None = None,
    catalog_format: str | None = None,
    architecture: str = "",
    bos_token: str | None = None,
    eos_token: str | None = None,
    model_name: str = "",
) -> ChatTemplate:
    """Pick the chat template for a model (see the module docstring for the order)."""
    if requested:
        return builtin_template(requested, "requested")
    if gguf_template:
        candidate = ChatTemplate(
            "gguf",
            "gguf",
            gguf_template,
            bos_token or "",
            eos_token or "",
            _stops_for(gguf_template, eos_token),
        )
        try:
            candidate.render([Message("user", "hi")])
            return candidate
        except TemplateError:
            log.warning("the GGUF's chat template does not render; using a built-in format")
    if catalog_format:
        return builtin_template(catalog_format, "catalog")
    guessed = format_for_architecture(architecture, eos_token, model_name)
    return builtin_template(guessed, "architecture")


def _stops_for(source: str, eos_token: str | None) -> tuple[str, ...]:
    stops = [marker for marker in _TURN_ENDS if marker in source]
    if eos_token and eos_token not in stops:
        stops.append(eos_token)
    return tuple(stops)
