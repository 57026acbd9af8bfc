"""Core messages that reach the window are translatable (issue 21), and the core's real
errors come out translated through ``error_text`` with a catalogue."""

from __future__ import annotations

import errno
import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatapp.core.downloads.failures import describe_write_failure
from chatapp.core.downloads.verify import check_gguf_download
from chatapp.core.errors import ChatAppError
from chatapp.core.gguf_info import ModelFileError, check_model_file
from chatapp.core.messages import Message
from chatapp.core.remote_errors import ServerErrors
from chatapp.core.settings import SamplingParams, load_settings
from chatapp.gui.i18n import LanguageController, error_text, message_text
from tests.helpers.catalogues import chinese_controller
from tests.i18n.catalogue import REPO, run_lupdate
from tests.i18n.core_wrapping import check_core, check_sources, error_classes

TRANSLATIONS = {
    (
        "core",
        "Model file not found: {path}. Check the path (use quotes around paths with spaces), "
        "or download a model.",
    ): "找不到模型文件：{path}。",
    (
        "core",
        "{name} is a zip archive, not a GGUF model: unzip it and give the .gguf file "
        "inside, or download a .gguf file.",
    ): "{name} 是 zip 压缩包，不是 GGUF 模型。",
    ("core", "{problem} The download was removed."): "{problem}下载的文件已删除。",
    (
        "core",
        "the disk is full: no space left in {folder} for {file}; {needed} more is "
        "needed; free some space and run the download again to resume",
    ): "磁盘已满：{folder} 放不下 {file}，还需要 {needed}。",
    ("core", "{server}: {problem}"): "{server}：{problem}",
    ("core", "{problem}: {detail}"): "{problem}（{detail}）",
    ("core", "no model {model!r} there (404): choose one of its models"): "没有模型 {model!r}"
    "（404）",
    (
        "core",
        "Some values in your settings file could not be used and were changed: "
        "{changes}. The original file was kept as {bad}.",
    ): "设置文件中的部分值已更改：{changes}。",
    ("core", "{list}; {item}"): "{list}；{item}",
    ("core", "{name} {value} is not a number: {default} is used"): "{name} {value} 不是数字："
    "改用 {default}",
    ("core", "{name} {value} is not true or false: {default} is used"): "{name} {value} 不是"
    "真假值：改用 {default}",
}


@pytest.fixture
def chinese(qapp, tmp_path: Path) -> Iterator[LanguageController]:
    with chinese_controller(tmp_path, TRANSLATIONS) as languages:
        languages.set_language("zh_CN")
        yield languages


def _raised(call, *args) -> ChatAppError:  # type: ignore[no-untyped-def]
    with pytest.raises(ChatAppError) as caught:
        call(*args)
    return caught.value


def test_core_errors_come_out_translated_and_stay_english_for_the_terminal(chinese, tmp_path):
    missing = _raised(check_model_file, tmp_path / "gone.gguf")
    assert isinstance(missing, ModelFileError)
    assert str(missing).startswith("Model file not found: ")
    assert error_text(missing) == f"找不到模型文件：{tmp_path / 'gone.gguf'}。"

    archive = tmp_path / "model.gguf"
    archive.write_bytes(b"PK\x03\x04" + bytes(64))
    removed = _raised(check_gguf_download, archive)
    assert str(removed) == (
        "model.gguf is a zip archive, not a GGUF model: unzip it and give the .gguf file "
        "inside, or download a .gguf file. The download was removed."
    )
    assert error_text(removed) == "model.gguf 是 zip 压缩包，不是 GGUF 模型。下载的文件已删除。"

    full = describe_write_failure(
        OSError(errno.ENOSPC, "No space left on device"), tmp_path, "a.gguf", 2 * 1024**3
    )
    assert error_text(full) == f"磁盘已满：{tmp_path} 放不下 a.gguf，还需要 2.0 GiB。"
    assert "2.0 GiB more is needed" in str(full)


def test_a_server_error_nests_its_parts_and_keeps_the_servers_words(chinese):
    errors = ServerErrors("Lab box", "http://lab:8080/v1", "qwen")
    error = errors.for_status(404, json.dumps({"error": {"message": "model not loaded"}}))
    assert str(error) == (
        "Lab box: no model 'qwen' there (404): choose one of its models: model not loaded"
    )
    assert error_text(error) == "Lab box：没有模型 'qwen'（404）（model not loaded）"


def test_the_settings_notice_lists_its_changes_in_the_windows_language(chinese, tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"sampling": {"temperature": "hot", "random_seed": 3}}))
    notice = load_settings(path).notice
    default = SamplingParams().temperature
    assert notice is not None and isinstance(notice, Message)
    assert notice == (
        "Some values in your settings file could not be used and were changed: "
        f'sampling.temperature "hot" is not a number: {default} is used; sampling.random_seed 3 is '
        f"not true or false: false is used. The original file was kept as {path}.bad."
    )
    assert message_text(notice) == (
        f'设置文件中的部分值已更改：sampling.temperature "hot" 不是数字：改用 {default}；'
        "sampling.random_seed 3 不是真假值：改用 false。"
    )


def test_core_messages_reaching_the_window_are_translatable():
    findings = check_core(REPO)
    assert not findings, f"{len(findings)} untranslatable:\n" + "\n".join(map(str, findings))


BAD_CORE = textwrap.dedent(
    """
    from chatapp.core.errors import ChatAppError
    from chatapp.core.messages import QT_TRANSLATE_NOOP, Message

    GONE = QT_TRANSLATE_NOOP("core", "{path} is gone")


    class FooError(ChatAppError):
        def __init__(self, count: int) -> None:
            super().__init__(f"{count} things failed")


    def load(path, exc, notice):
        if path:
            raise ChatAppError(f"cannot load {path}")
        if exc:
            raise FooError(3) from ChatAppError(str(exc))
        notice = "the file was moved"
        raise ChatAppError(Message(GONE, where=path))


    def fine(path, exc):
        raise ChatAppError(Message(QT_TRANSLATE_NOOP("core", "{path} is bad"), path=path))
        raise ChatAppError("kept English on purpose")  # i18n: checked
        raise ChatAppError(Message(QT_TRANSLATE_NOOP("gui", "wrong context")))
    """
)


def test_the_check_finds_each_kind_of_untranslatable_message(tmp_path):
    source = tmp_path / "chatapp" / "core" / "bad.py"
    findings = check_sources({source: BAD_CORE}, tmp_path, error_classes({source: BAD_CORE}))
    lines = {finding.line: finding.why for finding in findings}
    text = BAD_CORE.splitlines()
    assert (
        "super().__init__"
        in lines[text.index('        super().__init__(f"{count} things failed")') + 1]
    )
    assert "f-string" in lines[text.index('        raise ChatAppError(f"cannot load {path}")') + 1]
    assert "str()" in lines[text.index("        raise FooError(3) from ChatAppError(str(exc))") + 1]
    assert "notice" in lines[text.index('    notice = "the file was moved"') + 1]
    assert "['path']" in lines[text.index("    raise ChatAppError(Message(GONE, where=path))") + 1]
    assert "context" in lines[len(text)]
    assert len(findings) == 6, "\n".join(map(str, findings))


def test_lupdate_extracts_the_core_messages(tmp_path):
    ts = tmp_path / "probe.ts"
    run_lupdate(ts)
    text = ts.read_text(encoding="utf-8")
    assert "<name>core</name>" in text
    for source in ("{problem} The download was removed.", "{server}: {problem}", "{list}; {item}"):
        assert f"<source>{source}</source>" in text
