"""Rendered prompts compared with exact strings."""

from __future__ import annotations

import pytest

from chatapp.core.templates import (
    BUILTIN_FORMATS,
    ChatTemplate,
    Message,
    TemplateError,
    builtin_template,
    choose_template,
    format_for_architecture,
)

CONVERSATION = [
    Message("user", "Hello"),
    Message("assistant", "Hi there!"),
    Message("user", "How are you?"),
]


def test_openchat_renders_the_official_template():
    prompt = builtin_template("openchat").render(CONVERSATION)
    assert prompt == (
        "<s>GPT4 Correct User: Hello<|end_of_turn|>GPT4 Correct Assistant: Hi there!<|end_of_turn|>"
        "GPT4 Correct User: How are you?<|end_of_turn|>GPT4 Correct Assistant:"
    )


def test_openchat_is_not_the_original_chatbots_wrong_format():
    prompt = builtin_template("openchat").render([Message("user", "Hello")])
    assert prompt == "<s>GPT4 Correct User: Hello<|end_of_turn|>GPT4 Correct Assistant:"
    assert "User: Hello <|end_of_turn|> Assistant:" not in prompt
    assert builtin_template("openchat").stop == ("<|end_of_turn|>",)


def test_gemma_folds_the_system_prompt_into_the_first_user_turn():
    messages = [Message("system", "Be brief."), *CONVERSATION]
    prompt = builtin_template("gemma").render(messages)
    assert prompt == (
        "<bos><start_of_turn>user\nBe brief.\n\nHello<end_of_turn>\n"
        "<start_of_turn>model\nHi there!<end_of_turn>\n"
        "<start_of_turn>user\nHow are you?<end_of_turn>\n"
        "<start_of_turn>model\n"
    )


def test_chatml():
    messages = [Message("system", "You are helpful."), Message("user", "Hello")]
    prompt = builtin_template("chatml").render(messages)
    assert prompt == (
        "<|im_start|>system\nYou are helpful.<|im_end|>\n"
        "<|im_start|>user\nHello<|im_end|>\n"
        "<|im_start|>assistant\n"
    )


def test_llama3():
    prompt = builtin_template("llama-3").render([Message("user", "Hello")])
    assert prompt == (
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>"
        "<|start_header_id|>assistant<|end_header_id|>\n\n"
    )


# The chat template Qwen2.5 Instruct GGUFs carry (tool-calling branches left out).
QWEN_GGUF_TEMPLATE = """{%- if messages[0]['role'] == 'system' %}
    {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
{%- else %}
    {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant") %}
        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n' }}
{%- endif %}
"""


def test_a_gguf_jinja_template_is_used_as_is():
    template = choose_template(
        gguf_template=QWEN_GGUF_TEMPLATE, architecture="qwen2", eos_token="<|im_end|>"
    )
    assert template.origin == "gguf"
    assert template.stop == ("<|im_end|>",)
    assert template.render([Message("user", "Hello")]) == (
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
        "assistant.<|im_end|>\n<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n"
    )


def test_gguf_template_can_raise_exception_cleanly():
    strict = (
        "{% if messages[0]['role'] != 'user' %}{{ raise_exception('user first') }}{% endif %}ok"
    )
    template = choose_template(gguf_template=strict, architecture="llama")
    with pytest.raises(TemplateError, match="user first"):
        template.render([Message("assistant", "x")])


def test_choice_order():
    assert (
        choose_template(requested="chatml", gguf_template=QWEN_GGUF_TEMPLATE).origin == "requested"
    )
    assert (
        choose_template(gguf_template=QWEN_GGUF_TEMPLATE, catalog_format="openchat").origin
        == "gguf"
    )
    chosen = choose_template(catalog_format="openchat", architecture="llama")
    assert (chosen.name, chosen.origin) == ("openchat", "catalog")
    chosen = choose_template(architecture="gemma3")
    assert (chosen.name, chosen.origin) == ("gemma", "architecture")


def test_a_broken_gguf_template_falls_back():
    chosen = choose_template(gguf_template="{% for %}", architecture="gemma3")
    assert (chosen.name, chosen.origin) == ("gemma", "architecture")


@pytest.mark.parametrize(
    ("arch", "eos", "name", "expected"),
    [
        ("llama", "<|end_of_turn|>", "openchat_3.5", "openchat"),
        ("gemma3", "<eos>", "Gemma 3 270m", "gemma"),
        ("gemma2", "<eos>", "", "gemma"),
        ("llama", "<|eot_id|>", "Llama 3.2 1B Instruct", "llama-3"),
        ("llama", "</s>", "Mistral 7B Instruct", "mistral"),
        ("llama", "</s>", "Llama 2 7B Chat", "llama-2"),
        ("qwen2", "<|im_end|>", "Qwen2.5 0.5B Instruct", "chatml"),
    ],
)
def test_format_by_architecture(arch: str, eos: str, name: str, expected: str):
    assert format_for_architecture(arch, eos, name) == expected


def test_unknown_format_lists_the_known_ones():
    with pytest.raises(
        TemplateError, match="unknown chat format 'vicuna': use one of chatml, gemma"
    ):
        builtin_template("vicuna")


@pytest.mark.parametrize("name", sorted(BUILTIN_FORMATS))
def test_continue_last_leaves_the_last_reply_open(name: str):
    template = builtin_template(name)
    messages = [Message("user", "Count to five"), Message("assistant", "One, two, ")]
    closed = template.render(messages, add_generation_prompt=False)
    opened = template.render(messages, continue_last=True)
    assert opened.endswith("One, two,")
    assert closed.startswith(opened) and closed != opened


def test_a_template_is_compiled_once_and_each_renders_its_own_messages():
    from chatapp.core import templates

    gemma, chatml = builtin_template("gemma"), builtin_template("chatml")
    gemma.render(CONVERSATION)  # compiled here, or by an earlier test
    before = templates._compiled.cache_info()
    first = gemma.render([Message("user", "one")])
    second = gemma.render([Message("user", "two")])
    other = chatml.render([Message("user", "one")])
    after = templates._compiled.cache_info()
    assert after.hits - before.hits >= 2  # gemma's two renders did not compile it again
    assert "one" in first and "two" in second and "two" not in first
    assert other.startswith("<|im_start|>user\none")


def test_a_template_that_does_not_compile_fails_every_time():
    broken = ChatTemplate("broken", "gguf", "{% for m in messages %}", "", "", ())
    for _ in range(2):  # the failure is not remembered as a compiled template
        with pytest.raises(TemplateError, match="chat template 'broken' failed"):
            broken.render(CONVERSATION)
