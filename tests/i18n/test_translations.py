"""The CI check for issue 21: every string of the window is in the Chinese catalogue,
translated, and reaches Qt's translation at all; every plural (``%n``) string is in the
English catalogue with its singular and plural forms.

What fails and what to do:

* a string is missing from resources/i18n/chatapp_zh_CN.ts, or the catalogue holds one
  the code no longer has: ``.venv/bin/python -m tests.i18n.update_catalogue``;
* an entry is not translated yet: translate it (Qt Linguist or the XML); in
  chatapp_en.ts, write the English singular and plural ("%n message", "%n messages");
* a user-visible literal in chatapp/gui is not wrapped: ``self.tr("...")`` or
  ``QCoreApplication.translate("Context", "...")`` (``# i18n: checked`` where it must
  stay as it is).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.i18n.catalogue import (
    CATALOGUES,
    PLURAL_ONLY,
    REPO,
    Entry,
    catalogue,
    compare,
    lupdate_args,
    placeholder_mismatches,
    qt_tool,
    read_entries,
    run_lupdate,
    unfinished,
)
from tests.i18n.wrapping import check_source, check_tree


def _merged(language: str, tmp_path: Path) -> Path:
    copy = tmp_path / catalogue(language).name
    shutil.copy2(catalogue(language), copy)
    run_lupdate(copy, *lupdate_args(language))
    return copy


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_has_every_string_of_the_code_and_no_other(language: str, tmp_path: Path):
    found = compare(catalogue(language), _merged(language, tmp_path))
    assert not found.missing, "not in the catalogue (run tests.i18n.update_catalogue):\n" + (
        "\n".join(map(str, found.missing))
    )
    assert not found.vanished, "no longer in the code (run tests.i18n.update_catalogue):\n" + (
        "\n".join(map(str, found.vanished))
    )


@pytest.mark.parametrize("language", CATALOGUES)
def test_every_entry_is_translated(language: str):
    left = unfinished(read_entries(catalogue(language)))
    assert not left, f"{len(left)} not translated:\n" + "\n".join(map(str, left))


@pytest.mark.parametrize("language", PLURAL_ONLY)
def test_the_source_language_has_real_plural_forms(language: str):
    entries = read_entries(catalogue(language))
    assert entries, "no plural strings found"
    for entry in entries:
        assert len(entry.translations) == 2, f"{entry}: one singular, one plural form"
        assert not any("(s)" in form for form in entry.translations), entry


@pytest.mark.parametrize("language", CATALOGUES)
def test_translations_keep_the_placeholders(language: str):
    assert not placeholder_mismatches(read_entries(catalogue(language)))


def test_window_strings_go_through_translation():
    findings = check_tree(REPO / "chatapp" / "gui")
    assert not findings, f"{len(findings)} untranslated:\n" + "\n".join(map(str, findings))


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_compiles(language: str, tmp_path: Path):
    qm = tmp_path / "out.qm"
    result = subprocess.run(
        [str(qt_tool("lrelease")), str(catalogue(language)), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert qm.stat().st_size > 0


# The checks themselves, on small inputs: each must catch what it is for.

CODE_WITH_FINDINGS = """
class W(QWidget):
    def f(self, n, name):
        self.label.setText("Ready")
        QLabel("No model", self)
        QMessageBox.warning(self, self.tr("Title"), f"Could not open {name}")
        self.button.setToolTip("Loaded: %s" % name)
        self.box.addItem("Fast" if n else "Slow")
        self.status.showMessage(self.tr("Loaded") + " " + name)
        self.label.setText(f"{self.tr('Model')}: {name}")
        tr = QCoreApplication.translate
        self.label.setText(self.tr(LABEL))
        self.view.setHtml(f"<b>{self.tr('Model')}</b> {name}")
        menu = parent.addMenu(QMenu.tr("&Theme"))
        self.label.setText(QCoreApplication.translate("W", "%n part(s)", "", n))
"""
CODE_WITHOUT_FINDINGS = """
class W(QWidget):
    def f(self, n, name):
        self.label.setText(self.tr("Ready"))
        QLabel(QCoreApplication.translate("W", "No model"), self)
        self.label.setText(self.tr("{name} is ready").format(name=name))
        self.count.setText(self.tr("%n chat(s)", "", n))
        self.label.setText(f"{name} ({n})")
        self.label.setText("")
        self.label.setObjectName("modelName")
        log.warning("not shown to the user")
        self.label.setText("ChatApp")  # i18n: checked
        self.view.setHtml(f'<a href="x:{n}" style="color:red">{self.tr("Reasoning")}</a>')
        self.label.setText(f"─── {self.tr('Earlier messages')} ───")
        self.text.translate(TABLE)
        painter.translate(-offset, -top)
        self.label.setToolTip("\\n".join([self.tr("One line"), self.tr("Another")]))
        translate = QCoreApplication.translate
"""


def test_wrapping_check_finds_each_kind_of_untranslated_string():
    findings = check_source(CODE_WITH_FINDINGS, Path("w.py"))
    lines = sorted({finding.line for finding in findings})
    assert lines == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], "\n".join(map(str, findings))
    assert not check_source(CODE_WITHOUT_FINDINGS, Path("w.py"))


def _ts(messages: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        f'<TS version="2.1" language="zh_CN"><context><name>W</name>{messages}</context></TS>'
    )


def test_catalogue_checks_find_missing_vanished_unfinished_and_broken_entries(tmp_path: Path):
    committed = tmp_path / "committed.ts"
    committed.write_text(
        _ts(
            "<message><source>Kept</source><translation>保留</translation></message>"
            "<message><source>Gone</source><translation>走了</translation></message>"
            "<message><source>Old</source><translation type='vanished'>旧</translation></message>"
            "<message><source>Open {path}</source><translation>打开 {路径}</translation></message>"
            "<message numerus='yes'><source>%n chat(s)</source>"
            "<translation><numerusform></numerusform></translation></message>"
        ),
        encoding="utf-8",
    )
    merged = tmp_path / "merged.ts"
    merged.write_text(
        _ts(
            "<message><source>Kept</source><translation>保留</translation></message>"
            "<message><source>New</source><translation type='unfinished'></translation></message>"
            "<message><source>Gone</source><translation type='vanished'>走了</translation></message>"
            "<message><source>Old</source><translation type='vanished'>旧</translation></message>"
        ),
        encoding="utf-8",
    )
    found = compare(committed, merged)
    assert [e.source for e in found.missing] == ["New"]
    # "Open {path}" and "%n chat(s)" are dropped from the merge: lupdate drops
    # untranslated entries that left the code without a trace.
    assert sorted({e.source for e in found.vanished}) == [
        "%n chat(s)",
        "Gone",
        "Old",
        "Open {path}",
    ]
    entries = read_entries(committed)
    assert [e.source for e in unfinished(entries)] == ["%n chat(s)"]
    assert [p.split(":")[1].strip() for p in placeholder_mismatches(entries)] == ["'Open {path}'"]


def test_entry_key_tells_apart_the_same_text_with_another_comment():
    one = Entry("W", "Open", "menu", "", ("打开",))
    other = Entry("W", "Open", "button", "", ("打开",))
    assert one.key != other.key
