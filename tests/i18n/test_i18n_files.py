"""Where the .qm files come from: compiled from the .ts once per content in a checkout,
shipped beside Qt's own in the bundle (packaging/build.py runs compile_catalogues)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTranslator

from chatapp.gui.i18n_files import catalogue_file, compile_catalogues, qt_catalogue_file
from tests.helpers.catalogues import write_catalogue
from tests.i18n.catalogue import catalogue, run_in_repo


def test_a_checkout_compiles_the_ts_once_and_again_when_it_changes(tmp_path: Path):
    source = tmp_path / "i18n"
    cache = tmp_path / "cache"
    write_catalogue(source, {("W", "Hello"): "你好"})

    first = catalogue_file("zh_CN", cache, source)
    assert first is not None and first.parent == cache
    translator = QTranslator()
    assert translator.load(str(first))
    assert translator.translate("W", "Hello") == "你好"
    stamp = first.stat().st_mtime_ns
    assert catalogue_file("zh_CN", cache, source) == first
    assert first.stat().st_mtime_ns == stamp, "not compiled again"

    write_catalogue(source, {("W", "Hello"): "您好"})
    second = catalogue_file("zh_CN", cache, source)
    assert second is not None and second != first
    assert not first.exists(), "the stale one is removed"
    assert translator.load(str(second)) and translator.translate("W", "Hello") == "您好"


def test_no_catalogue_for_a_language_without_one(tmp_path: Path):
    assert catalogue_file("fr_FR", tmp_path / "cache", tmp_path) is None


def test_the_bundle_build_writes_the_catalogues_that_the_app_then_finds(tmp_path: Path):
    result = run_in_repo(
        [
            sys.executable,
            "-m",
            "chatapp.gui.i18n_files",
            str(catalogue("zh_CN").parent),
            str(tmp_path),
        ]
    )
    assert result.returncode == 0, result.stderr
    # English holds the plural forms only, and Qt's own strings are English already.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chatapp_en.qm",
        "chatapp_zh_CN.qm",
        "qtbase_zh_CN.qm",
    ]
    # In the bundle there is no .ts: the shipped .qm files are used as they are.
    assert catalogue_file("zh_CN", tmp_path / "cache", tmp_path) == tmp_path / "chatapp_zh_CN.qm"
    assert qt_catalogue_file("zh_CN", tmp_path) == tmp_path / "qtbase_zh_CN.qm"
    assert catalogue_file("en", tmp_path / "cache", tmp_path) == tmp_path / "chatapp_en.qm"
    translator = QTranslator()
    assert translator.load(str(tmp_path / "chatapp_en.qm"))
    assert translator.translate("BranchActions", "Deleted %n message(s)", "", 1) == (
        "Deleted %n message"
    )
    assert translator.translate("BranchActions", "Deleted %n message(s)", "", 4) == (
        "Deleted %n messages"
    )


def test_compile_catalogues_fails_loudly_on_a_broken_ts(tmp_path: Path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "chatapp_zh_CN.ts").write_text("<TS><context>", encoding="utf-8")
    try:
        compile_catalogues(tmp_path / "src", tmp_path / "out")
    except RuntimeError as exc:
        assert "chatapp_zh_CN.ts" in str(exc)
    else:
        raise AssertionError("a broken .ts compiled")
