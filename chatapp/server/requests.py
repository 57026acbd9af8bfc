"""Reading API request bodies: JSON in, checked calls out, or a RequestError naming the field.

Every field the server uses is checked for its type and range before anything reaches
the model; fields it does not support (``n`` > 1, ``tools``, ``logprobs`` ...) are
refused by name; fields it does not know are ignored, as OpenAI clients expect.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from typing import Any

from chatapp.core.reply_options import GrammarError, ReplyOptions, json_grammar
from chatapp.core.settings import SamplingParams
from chatapp.core.settings_validation import SAMPLING_SPECS, SEED_MAX, SEED_MIN, Number
from chatapp.core.templates import Message

MAX_STOP_STRINGS = 16
ROLES = ("system", "developer", "user", "assistant")


class RequestError(ValueError):
    """A request the server refuses: ``status`` (400, 413 ...), the ``param`` at fault
    and a one-line message naming it."""

    def __init__(self, message: str, param: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.param = param
        self.status = status


@dataclass(frozen=True)
class ApiCall:
    """A checked request: the model's input (``messages`` for a chat, ``prompt`` for a
    completion), how to sample, the per-request options and how to answer."""

    model: str | None
    sampling: SamplingParams
    options: ReplyOptions
    stream: bool
    include_usage: bool
    messages: tuple[Message, ...] = ()
    prompt: str | None = None


def parse_json(body: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or a RequestError saying what is wrong."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError("the request body is not UTF-8 text") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except RequestError:
        raise
    except RecursionError:
        raise RequestError("the request body is nested too deeply") from None
    except ValueError as exc:
        raise RequestError(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise RequestError("the request body must be a JSON object")
    return data


def _refuse_constant(name: str) -> float:
    raise RequestError(f"the request body holds {name}, which JSON does not allow")


def parse_chat(data: dict[str, Any], defaults: SamplingParams) -> ApiCall:
    """A ``POST /v1/chat/completions`` body."""
    _refuse_unsupported(data, chat=True)
    messages = data.get("messages")
    if not isinstance(messages, list) or not messages:
        raise RequestError("'messages' must be a non-empty array of messages", "messages")
    parsed = tuple(_message(item, f"messages[{i}]") for i, item in enumerate(messages))
    tokens_field = "max_completion_tokens" if "max_completion_tokens" in data else "max_tokens"
    return replace(_common(data, defaults, tokens_field, chat=True), messages=parsed)


def parse_completion(data: dict[str, Any], defaults: SamplingParams) -> ApiCall:
    """A ``POST /v1/completions`` body."""
    _refuse_unsupported(data, chat=False)
    prompt = data.get("prompt", "")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if not isinstance(prompt, str):
        raise RequestError("'prompt' must be a string (one prompt per request)", "prompt")
    return replace(_common(data, defaults, "max_tokens", chat=False), prompt=prompt)


def _refuse_unsupported(data: dict[str, Any], *, chat: bool) -> None:
    n = data.get("n")
    if n is not None and n != 1:
        raise RequestError("'n' must be 1: ChatApp writes one choice per request", "n")
    for name in ("tools", "functions"):
        if data.get(name):
            raise RequestError(f"'{name}' is not supported: ChatApp does not call tools", name)
    if chat:
        for name in ("logprobs", "top_logprobs"):
            if data.get(name):
                raise RequestError(f"'{name}' is not supported by ChatApp", name)
    else:
        if data.get("logprobs") is not None:
            raise RequestError("'logprobs' is not supported by ChatApp", "logprobs")
        if data.get("echo"):
            raise RequestError("'echo' is not supported by ChatApp", "echo")
        if data.get("suffix"):
            raise RequestError("'suffix' is not supported by ChatApp", "suffix")
        best_of = data.get("best_of")
        if best_of is not None and best_of != 1:
            raise RequestError("'best_of' must be 1: ChatApp writes one choice", "best_of")


def _message(item: Any, where: str) -> Message:
    if not isinstance(item, dict):
        raise RequestError(f"'{where}' must be an object with 'role' and 'content'", where)
    role = item.get("role")
    if role not in ROLES:
        if role == "tool":
            raise RequestError(f"'{where}.role' tool is not supported", f"{where}.role")
        raise RequestError(f"'{where}.role' must be one of {', '.join(ROLES)}", f"{where}.role")
    content = item.get("content")
    if content is None and role == "assistant":
        content = ""
    if isinstance(content, list):
        content = _text_parts(content, f"{where}.content")
    if not isinstance(content, str):
        raise RequestError(f"'{where}.content' must be a string", f"{where}.content")
    return Message("system" if role == "developer" else role, content)


def _text_parts(parts: list[Any], where: str) -> str:
    texts: list[str] = []
    for i, part in enumerate(parts):
        if not isinstance(part, dict) or part.get("type") != "text":
            raise RequestError(
                f"'{where}[{i}]' must be a text part: ChatApp's models read text only", where
            )
        text = part.get("text")
        if not isinstance(text, str):
            raise RequestError(f"'{where}[{i}].text' must be a string", f"{where}[{i}].text")
        texts.append(text)
    return "".join(texts)


def _common(
    data: dict[str, Any], defaults: SamplingParams, tokens_field: str, *, chat: bool
) -> ApiCall:
    model = data.get("model")
    if model is not None and not isinstance(model, str):
        raise RequestError("'model' must be a string", "model")
    stream = _flag(data, "stream")
    include_usage = False
    stream_options = data.get("stream_options")
    if stream_options is not None:
        if not isinstance(stream_options, dict):
            raise RequestError("'stream_options' must be an object", "stream_options")
        include_usage = _flag(stream_options, "include_usage", "stream_options.")
    sampling = _sampling(data, defaults, tokens_field)
    grammar = _grammar(data.get("response_format")) if chat else None
    options = ReplyOptions(
        stop=_stop(data.get("stop")),
        grammar=grammar,
        presence_penalty=_penalty(data, "presence_penalty"),
        frequency_penalty=_penalty(data, "frequency_penalty"),
        keep_leading_space=not chat,
        reuse_cache=data.get("seed") is None,
    )
    return ApiCall(model, sampling, options, stream, include_usage and stream)


def _flag(data: dict[str, Any], name: str, prefix: str = "") -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RequestError(f"'{prefix}{name}' must be true or false", prefix + name)
    return value


# API field -> SamplingParams field.
_SAMPLING_FIELDS = {
    "temperature": "temperature",
    "top_p": "top_p",
    "top_k": "top_k",
    "min_p": "min_p",
    "repeat_penalty": "repeat_penalty",
}


def _sampling(data: dict[str, Any], defaults: SamplingParams, tokens_field: str) -> SamplingParams:
    values: dict[str, Any] = {}
    for api_name, field_name in (*_SAMPLING_FIELDS.items(), (tokens_field, "max_tokens")):
        value = data.get(api_name)
        if value is not None:
            values[field_name] = _number(value, api_name, SAMPLING_SPECS[field_name])  # type: ignore[arg-type]
    seed = data.get("seed")
    if seed is None:
        values["random_seed"] = True
    else:
        seed_spec = Number("seed", SEED_MIN, SEED_MAX)
        values.update(seed=_number(seed, "seed", seed_spec), random_seed=False)
    return replace(defaults, **values)


def _number(value: Any, name: str, spec: Number) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "a whole number" if spec.whole else "a number"
        raise RequestError(f"'{name}' must be {kind}", name)
    if spec.whole and isinstance(value, float):
        if not value.is_integer():
            raise RequestError(f"'{name}' must be a whole number", name)
        value = int(value)
    if not math.isfinite(value) or not spec.minimum <= value <= spec.upper:
        raise RequestError(f"'{name}' must be between {spec.minimum:g} and {spec.upper:g}", name)
    return value if spec.whole else float(value)


def _penalty(data: dict[str, Any], name: str) -> float:
    value = data.get(name)
    if value is None:
        return 0.0
    return float(_number(value, name, Number(name, -2.0, 2.0, whole=False)))


def _stop(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise RequestError("'stop' must be a string or an array of strings", "stop")
    if len(value) > MAX_STOP_STRINGS:
        raise RequestError(f"'stop' may hold at most {MAX_STOP_STRINGS} strings", "stop")
    return tuple(s for s in value if s)


def _grammar(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RequestError("'response_format' must be an object", "response_format")
    kind = value.get("type")
    if kind == "text":
        return None
    if kind == "json_object":
        return json_grammar(None)
    if kind != "json_schema":
        raise RequestError(
            "'response_format.type' must be text, json_object or json_schema",
            "response_format.type",
        )
    spec = value.get("json_schema")
    if not isinstance(spec, dict) or not isinstance(spec.get("schema"), dict):
        raise RequestError(
            "'response_format.json_schema.schema' must be a JSON schema object",
            "response_format.json_schema.schema",
        )
    try:
        return json_grammar(spec["schema"])
    except GrammarError as exc:
        raise RequestError(
            f"'response_format.json_schema.schema': {exc}", "response_format.json_schema.schema"
        ) from None
