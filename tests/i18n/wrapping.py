"""Finds user-visible strings in the window's code that skip Qt's translation.

A string literal with a letter in it, given straight to a Qt call that shows text
(``setText("...")``, ``QLabel("...")``, ``QMessageBox.warning(self, "...", ...)``, an
f-string or ``"..." % x`` likewise) is reported; so is a sentence glued together from
translated pieces (``self.tr("a") + ...``, ``f"{self.tr('a')}: {b}"``). A line that
shows a literal on purpose (a product name, text that must stay English) says so with
the comment ``# i18n: checked``. Also reported: ``tr(VARIABLE)`` (lupdate extracts only
literal text: mark the constant where it is defined with ``QT_TRANSLATE_NOOP`` and
translate it with the same context) and ``tr = QCoreApplication.translate`` (lupdate
reads ``tr("Context", "Text")`` as the text "Context" with a comment).

Strings kept in tables and passed on in variables are beyond this check: wrap them
where they are written (``QT_TRANSLATE_NOOP`` in the table, ``translate`` where shown).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

# Methods whose string arguments the user sees (on any object: these names are Qt's).
TEXT_METHODS = frozenset(
    [
        "setText",
        "setToolTip",
        "setWindowTitle",
        "setPlaceholderText",
        "setStatusTip",
        "setWhatsThis",
        "setTitle",
        "showMessage",
        "addItem",
        "addItems",
        "insertItem",
        "insertItems",
        "setItemText",
        "setTabText",
        "setTabToolTip",
        "addTab",
        "insertTab",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "setVerticalHeaderLabels",
        "setLabelText",
        "setAccessibleName",
        "setAccessibleDescription",
        "addMenu",
        "addAction",
        "addSection",
        "insertSection",
        "setButtonText",
        "setInformativeText",
        "setDetailedText",
        "setFormat",
        "setPrefix",
        "setSuffix",
        "setSpecialValueText",
        "setHtml",
        "setMarkdown",
        "addRow",
        "insertRow",
        "setWindowIconText",
        "setCancelButtonText",
        "setOkButtonText",
        "setDefaultSuffix",
        "setNameFilter",
        "setNameFilters",
        "setSubTitle",
        "setToolTipText",
        "show_notice",
        "setDescription",
    ]
)
# Classes whose constructor shows its string arguments.
TEXT_CLASSES = frozenset(
    [
        "QAction",
        "QLabel",
        "QPushButton",
        "QToolButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QMessageBox",
        "QMenu",
        "QTableWidgetItem",
        "QListWidgetItem",
        "QTreeWidgetItem",
        "QCommandLinkButton",
        "QProgressDialog",
        "QDockWidget",
        "QWizardPage",
        "QErrorMessage",
        "QStandardItem",
        "QShortcut",
    ]
)
# Static dialogs: Class.method(parent, title, text, ...).
STATIC_DIALOGS = {
    "QMessageBox": frozenset(["information", "warning", "critical", "question", "about"]),
    "QInputDialog": frozenset(["getText", "getInt", "getDouble", "getItem", "getMultiLineText"]),
    "QFileDialog": frozenset(
        ["getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"]
    ),
    "QColorDialog": frozenset(["getColor"]),
    "QFontDialog": frozenset(["getFont"]),
}
# Calls whose result is translated text.
TRANSLATING = frozenset(
    ["tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP", "message_text", "error_text"]
)
PRAGMA = "# i18n: checked"
_APPLICATIONS = ("QCoreApplication", "QGuiApplication", "QApplication")


@dataclass(frozen=True)
class Finding:
    """An untranslated user-visible string (or a glued sentence) in a file."""

    path: Path
    line: int
    call: str
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.call}: {self.why}"


def call_name(func: ast.expr) -> str:
    """The name a call or base class is spelt with (``x.name`` or ``name``), or ""."""
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_translating(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and call_name(node.func) in TRANSLATING


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _visible(text: str) -> str:
    """``text`` without HTML tags and entities (what a rich-text label shows)."""
    return re.sub(r"&#?\w+;", "", re.sub(r"<[^>]*>", "", text))


def _literals(node: ast.AST) -> list[ast.AST]:
    """The literal text with letters that reaches the screen through ``node``."""
    if isinstance(node, ast.Constant):
        visible = isinstance(node.value, str) and _has_letter(_visible(node.value))
        return [node] if visible else []
    if isinstance(node, ast.JoinedStr):
        parts = "".join(str(v.value) if isinstance(v, ast.Constant) else "\0" for v in node.values)
        return [node] if _has_letter(_visible(parts)) else []
    if isinstance(node, ast.BinOp):
        return _literals(node.left) + _literals(node.right)
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [found for value in node.values for found in _literals(value)]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [found for element in node.elts for found in _literals(element)]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("format", "join", "strip")
        and not _is_translating(node.func.value)
    ):
        return _literals(node.func.value)
    return []


def _shows_text(call: ast.Call) -> bool:
    name = call_name(call.func)
    if name in TEXT_METHODS or name in TEXT_CLASSES:
        return True
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and name in STATIC_DIALOGS.get(func.value.id, frozenset())
    )


def _glued(node: ast.AST) -> bool:
    """A sentence made of translated pieces: ``tr(...) + x``, or an f-string with a
    translated piece and words or other values beside it (HTML tags around one are
    fine)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_translating(node.left) or _is_translating(node.right)
    if not isinstance(node, ast.JoinedStr):
        return False
    shown = ""
    for value in node.values:
        if isinstance(value, ast.FormattedValue):
            shown += "\0T" if _is_translating(value.value) else "\0V"
        elif isinstance(value, ast.Constant):
            shown += str(value.value)
    if "\0T" not in shown:
        return False
    text = _visible(shown).replace("\0T", "", 1)
    return "\0" in text or _has_letter(text)


def _untranslatable(call: ast.Call) -> bool:
    """``tr(name)``/``translate(context, name)``: lupdate can extract only literals;
    ``QMenu.tr("...")`` (a class's tr) has no instance to go with."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "tr"
        and isinstance(func.value, ast.Name)
        and func.value.id[:1].isupper()
    ):
        return True  # QMenu.tr("..."): no instance; QCoreApplication.translate it is
    index = {"tr": 0, "translate": 1}.get(call_name(func))
    if index == 1 and isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        if owner not in _APPLICATIONS:
            return False  # painter.translate(dx, dy) and the like
    if index is None or len(call.args) <= index:
        return False
    text = call.args[index]
    return not (isinstance(text, ast.Constant) and isinstance(text.value, str))


def _hidden_plural(call: ast.Call) -> bool:
    """``translate("Ctx", "%n part(s)", "", n)``: lupdate takes a count given to
    ``translate()`` for a plural only when it is a number literal, so the English and
    Chinese catalogues miss the plural forms; ``self.tr("%n part(s)", "", n)`` it reads."""
    func = call.func
    if call_name(func) != "translate":
        return False
    if isinstance(func, ast.Attribute):
        owner = func.value.id if isinstance(func.value, ast.Name) else ""
        if owner not in _APPLICATIONS:
            return False
    return len(call.args) >= 4 or any(keyword.arg == "n" for keyword in call.keywords)


def _misnamed_translate(node: ast.AST) -> bool:
    """``tr = QCoreApplication.translate``: lupdate then takes ``tr("Context", "Text")``
    for the text "Context" with the comment "Text", and the translation is never found."""
    return (
        isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "tr" for t in node.targets)
        and call_name(node.value) == "translate"
    )


def check_source(text: str, path: Path) -> list[Finding]:
    """The findings in one file's source ``text``."""
    lines = text.splitlines()
    findings = []

    def allowed(node: ast.AST) -> bool:
        first = getattr(node, "lineno", 1)
        last = getattr(node, "end_lineno", first) or first
        return any(PRAGMA in lines[i - 1] for i in range(first, last + 1) if i <= len(lines))

    def flag(node: ast.AST, why: str) -> None:
        findings.append(Finding(path, getattr(node, "lineno", 0), ast.unparse(node)[:60], why))

    for node in ast.walk(ast.parse(text, filename=str(path))):
        if _misnamed_translate(node):
            flag(node, "lupdate reads tr(a, b) as (text, comment): name it translate")
        if isinstance(node, (ast.BinOp, ast.JoinedStr)) and _glued(node) and not allowed(node):
            flag(node, "sentence glued from pieces")
        if isinstance(node, ast.Call) and _untranslatable(node) and not allowed(node):
            flag(node, "lupdate extracts literal text only (QT_TRANSLATE_NOOP where it is defined)")
        if isinstance(node, ast.Call) and _hidden_plural(node) and not allowed(node):
            flag(node, "lupdate misses a count given to translate(): self.tr(text, '', n)")
        if not isinstance(node, ast.Call) or not _shows_text(node):
            continue
        arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
        for argument in arguments:
            for literal in _literals(argument):
                if not allowed(literal) and not allowed(node):
                    findings.append(
                        Finding(
                            path,
                            literal.lineno,
                            call_name(node.func),
                            f"{ast.unparse(literal)[:60]} is not translated",
                        )
                    )
    return findings


def check_tree(folder: Path) -> list[Finding]:
    """The findings in every .py file below ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        found += check_source(path.read_text(encoding="utf-8"), path)
    return found
