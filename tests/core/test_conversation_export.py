"""Exporting conversations as Markdown and JSON, and importing the JSON back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chatapp.core import message_tree
from chatapp.core.conversation import (
    Conversation,
    ImportFormatError,
    MessageState,
    OverflowPolicy,
    StoredMessage,
    export_json,
    export_markdown,
    import_json,
    read_import_file,
    title_from,
)
from chatapp.core.errors import ChatAppError
from chatapp.core.templates import Role


def _conversation() -> Conversation:
    return Conversation(
        title="Naïve café ☕ question",
        model="openchat_3.5.Q4_K_M.gguf",
        settings={"sampling": {"temperature": 0.3, "seed": 7}},
        system_prompt="Answer in French.",
        overflow_policy=OverflowPolicy.STOP_AND_ASK,
        context_start=2,
        messages=[
            StoredMessage("user", "Where is the best café?\n\nIn *Paris*."),
            StoredMessage(
                "assistant",
                "```python\nprint('hi')\n```",
                stats={"generated_tokens": 12, "finish_reason": "stop"},
                model="openchat",
            ),
            StoredMessage("user", "Merci"),
            StoredMessage("assistant", "De rien, je", state="interrupted"),
        ],
    )


def test_json_round_trip_is_lossless():
    original = _conversation()
    again = import_json(export_json(original))
    assert again == original


EXPORTED = """{
  "format": "chatapp-conversation",
  "version": 3,
  "id": "c1",
  "title": "Hi",
  "created": 1.5,
  "updated": 2.5,
  "model": null,
  "settings": {},
  "system_prompt": "",
  "overflow_policy": "keep_system",
  "context_start": 0,
  "messages": [
    {
      "role": "user",
      "content": "Hi",
      "id": "m1",
      "created": 1.5,
      "stats": null,
      "model": null,
      "state": "complete",
      "error": null,
      "parent_id": null,
      "shown": true
    },
    {
      "role": "assistant",
      "content": "Hel",
      "id": "m2",
      "created": 2.5,
      "stats": null,
      "model": "gemma",
      "state": "interrupted",
      "error": null,
      "parent_id": "m1",
      "shown": true
    }
  ],
  "other_branches": []
}"""


@pytest.mark.parametrize("as_enums", [True, False])
def test_the_json_format_is_unchanged_by_the_enums(as_enums: bool):
    user, assistant = (Role.USER, Role.ASSISTANT) if as_enums else ("user", "assistant")
    interrupted = MessageState.INTERRUPTED if as_enums else "interrupted"
    conversation = Conversation(id="c1", title="Hi", created=1.5, updated=2.5)
    conversation.messages = [
        StoredMessage(user, "Hi", id="m1", created=1.5),
        StoredMessage(assistant, "Hel", id="m2", created=2.5, model="gemma", state=interrupted),
    ]
    message_tree.link_path(conversation)
    assert export_json(conversation) == EXPORTED
    again = import_json(EXPORTED)
    assert [m.role for m in again.messages] == [Role.USER, Role.ASSISTANT]
    assert again.messages[1].state is MessageState.INTERRUPTED
    assert again.messages[0].role == "user" and f"{again.messages[0].role}" == "user"


def _version_2() -> str:
    """EXPORTED as ChatApp wrote it before conversations were trees."""
    old = EXPORTED.replace('"version": 3,', '"version": 2,')
    old = old.replace(',\n      "parent_id": null', "").replace(',\n      "parent_id": "m1"', "")
    old = old.replace(',\n      "shown": true', "").replace(',\n  "other_branches": []', "")
    assert "parent_id" not in old and "shown" not in old and "other_branches" not in old
    return old


def test_a_version_2_export_imports_as_one_branch():
    again = import_json(_version_2())
    assert [(m.id, m.parent_id) for m in again.messages] == [("m1", None), ("m2", "m1")]
    assert again.other_branches == []
    assert export_json(again) == EXPORTED


def test_a_version_1_export_without_errors_still_imports():
    old = _version_2().replace('"version": 2,', '"version": 1,')
    old = old.replace(',\n      "error": null', "")
    assert '"error"' not in old
    again = import_json(old)
    assert [m.error for m in again.messages] == [None, None]
    assert again.messages[1].content == "Hel"


def test_a_failed_reply_round_trips_and_reads_as_an_error_in_markdown():
    conversation = Conversation(title="Hi")
    conversation.messages = [
        StoredMessage("user", "Hi"),
        StoredMessage("assistant", "Hel", state="error", error="box: the connection was cut"),
    ]
    again = import_json(export_json(conversation))
    assert again == conversation and again.messages[1].is_error
    text = export_markdown(conversation)
    assert "## Assistant (failed)" in text and "> Error: box: the connection was cut" in text


def test_an_unknown_role_or_state_is_an_import_error():
    for bad in ('"role": "user"', '"state": "complete"'):
        name = bad.split(":")[0]
        text = EXPORTED.replace(bad, f'{name}: "narrator"')
        with pytest.raises(ImportFormatError, match="incomplete") as caught:
            import_json(text)
        assert isinstance(caught.value, ChatAppError) and isinstance(caught.value, ValueError)


def test_markdown_is_a_readable_transcript():
    text = export_markdown(_conversation())
    assert text.startswith("# Naïve café ☕ question\n")
    assert "## System\n\nAnswer in French." in text
    assert "## You\n\nWhere is the best café?\n\nIn *Paris*." in text
    assert "## Assistant\n\n```python\nprint('hi')\n```" in text
    assert "## Assistant (interrupted)\n\nDe rien, je" in text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not JSON"),
        ('{"messages": []}', "not a ChatApp conversation"),
        ('{"format": "chatapp-conversation", "version": 99}', "newer ChatApp"),
        ('{"format": "chatapp-conversation", "version": 1, "title": "x"}', "incomplete"),
    ],
)
def test_bad_imports_say_what_is_wrong(text: str, problem: str):
    with pytest.raises(ImportFormatError, match=problem):
        import_json(text)


def test_unreadable_import_file(tmp_path: Path):
    path = tmp_path / "chat.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ImportFormatError, match="cannot read chat.json"):
        read_import_file(path)
    path.write_text(export_json(_conversation()), encoding="utf-8")
    assert read_import_file(path).title == "Naïve café ☕ question"
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "chatapp-conversation"


def test_titles_are_one_short_line():
    assert title_from("  hello\n  world ") == "hello world"
    assert len(title_from("word " * 40)) == 48 and title_from("word " * 40).endswith("…")
    assert title_from("   ") == "New chat"


def _three_levels() -> Conversation:
    """Branches at three depths: an edited first question, a regenerated answer under
    the edit, and an edited follow-up under that."""
    conversation = Conversation(title="Branches")

    def add(role: str, text: str) -> None:
        message_tree.append(conversation, StoredMessage(role, text))

    add("user", "q1")
    add("assistant", "a1")
    message_tree.hide_from(conversation, 0)
    add("user", "q1 edited")
    add("assistant", "a1 first")
    message_tree.hide_from(conversation, 1)
    add("assistant", "a1 second")
    add("user", "q2")
    add("assistant", "a2")
    message_tree.hide_from(conversation, 2)
    add("user", "q2 edited")
    add("assistant", "a2 edited")
    message_tree.show_sibling(conversation, 1, -1)  # back to the first answer
    return conversation


def test_a_tree_with_three_levels_of_branches_round_trips():
    original = _three_levels()
    assert [m.content for m in original.messages] == ["q1 edited", "a1 first"]
    assert len(original.other_branches) == 7
    text = export_json(original)
    again = import_json(text)
    assert again == original
    assert export_json(again) == text
    message_tree.show_sibling(again, 1, +1)
    assert [m.content for m in again.messages] == [
        "q1 edited",
        "a1 second",
        "q2 edited",
        "a2 edited",
    ]
    message_tree.show_sibling(again, 2, -1)
    assert [m.content for m in again.messages] == ["q1 edited", "a1 second", "q2", "a2"]
    message_tree.show_sibling(again, 0, -1)
    assert [m.content for m in again.messages] == ["q1", "a1"]


def test_markdown_has_the_branch_shown_only():
    conversation = _three_levels()
    message_tree.show_sibling(conversation, 1, +1)
    text = export_markdown(conversation)
    assert "q2 edited" in text and "a1 second" in text
    assert "a1 first" not in text and "\n\nq2\n" not in text and "q1\n" not in text


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["other_branches"][0].update(parent_id="nowhere"),
        lambda d: d["other_branches"][0].update(id=d["messages"][0]["id"]),
    ],
)
def test_branches_that_do_not_fit_are_an_import_error(damage):
    data = json.loads(export_json(_three_levels()))
    damage(data)
    with pytest.raises(ImportFormatError, match="branches do not fit"):
        import_json(json.dumps(data))
