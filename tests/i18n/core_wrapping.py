"""Finds messages of chatapp/core that reach the window without being translatable.

The core marks its user-facing texts with ``QT_TRANSLATE_NOOP("core", "...")`` and wraps
them in ``chatapp.core.messages.Message`` (see that module). Reported here:

* text written straight into a ChatAppError (a subclass's constructor, its
  ``super().__init__``, or a default message): a literal, an f-string, ``"..." + x``,
  ``"...".format()``, and ``str(exc)``, which drops a translatable message (pass
  ``message_of(exc)``);
* the same for the texts that reach the window besides errors: a ``notice`` (assigned,
  or passed as ``notice=``), what is given to ``_notify``, what ``errors.error`` says,
  and the literal text returned by functions that word a reason, a notice or a warning;
* ``QT_TRANSLATE_NOOP`` with another context than "core", or with text that is not a
  literal (lupdate extracts literals only);
* a ``Message`` whose template's placeholders differ from the values it is given
  (``Message(QT_TRANSLATE_NOOP(...), ...)`` or a template constant of the core).

``# i18n: checked`` on a line marks a deliberate exception.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

from tests.i18n.wrapping import call_name

PRAGMA = "# i18n: checked"
CONTEXT = "core"
BASE_ERROR = "ChatAppError"
# Functions whose literal return value is a user-facing text (a reason, a notice...).
_WORDING_FUNCTION = re.compile(
    r"(^|_)(notice|notices|explain\w*|warnings|phrase)$|^_?reason$|^no_\w+_reason$"
)
# Calls whose text arguments reach the window as they are.
_TEXT_SINKS = frozenset(["_notify", "error", "LoadedServers", "LoadedSettings", "OpenedStore"])
_LOGGERS = frozenset(["log", "logger", "logging", "native_log"])
_NOOP = "QT_TRANSLATE_NOOP"


@dataclass(frozen=True)
class Finding:
    """A core message that the window could not translate."""

    path: Path
    line: int
    why: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}"


def error_classes(sources: dict[Path, str]) -> dict[str, int | None]:
    """ChatAppError and its subclasses among ``sources``, each with the place of its
    ``message`` parameter (None: it has none; its own ``__init__`` words the message)."""
    bases: dict[str, list[str]] = {}
    places: dict[str, int | None] = {}
    for text in sources.values():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, []).extend(call_name(base) for base in node.bases)
                place = _message_place(node)
                if place != -1:
                    places[node.name] = place
    classes: dict[str, int | None] = {BASE_ERROR: 0}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            known = [p for p in parents if p in classes]
            if name not in classes and known:
                classes[name] = places.get(name, classes[known[0]])
                grew = True
    return classes


def _message_place(node: ast.ClassDef) -> int | None:
    """Where ``message`` is among the class's ``__init__`` arguments (-1: no __init__)."""
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            names = [a.arg for a in item.args.args[1:]]
            return names.index("message") if "message" in names else None
    return -1


def _has_letter(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _bare_text(node: ast.AST, of_error: bool = False) -> str | None:
    """Why ``node`` is text that cannot be translated (None: it is not); ``of_error``:
    ``str(exc)`` counts too (in an error's message it drops a translatable message)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return "a literal" if _has_letter(node.value) else None
    if isinstance(node, ast.JoinedStr):
        words = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return "an f-string" if _has_letter(words) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return _bare_text(node.left, of_error) or _bare_text(node.right, of_error)
    if isinstance(node, ast.IfExp):
        return _bare_text(node.body, of_error) or _bare_text(node.orelse, of_error)
    if isinstance(node, (ast.List, ast.Tuple)):
        return next((why for e in node.elts if (why := _bare_text(e, of_error))), None)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("format", "join"):
            return _bare_text(func.value, of_error)
        if of_error and isinstance(func, ast.Name) and func.id == "str" and node.args:
            return "str() of an error (it drops a translatable message: message_of)"
    return None


def _placeholders(template: str) -> set[str] | None:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return None


class _ModuleCheck:
    def __init__(
        self,
        path: Path,
        text: str,
        errors: dict[str, int | None],
        templates: dict[str, dict[str, str]],
    ) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.tree = ast.parse(text, filename=str(path))
        self.errors = errors
        self.templates = templates
        self.findings: list[Finding] = []
        self.aliases = _module_aliases(self.tree)

    def allowed(self, node: ast.AST) -> bool:
        first = getattr(node, "lineno", 1)
        last = getattr(node, "end_lineno", first) or first
        return any(PRAGMA in self.lines[i - 1] for i in range(first, last + 1))

    def report(self, node: ast.AST, why: str) -> None:
        if not self.allowed(node):
            self.findings.append(Finding(self.path, getattr(node, "lineno", 0), why))

    def text_argument(self, node: ast.AST, where: str, of_error: bool = False) -> None:
        why = _bare_text(node, of_error)
        if why:
            self.report(node, f"{why} {where} is not translatable: Message(QT_TRANSLATE_NOOP(...))")

    def run(self) -> list[Finding]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ClassDef) and node.name in self.errors:
                self.error_class(node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if _WORDING_FUNCTION.search(node.name):
                    self.wording_function(node)
            elif isinstance(node, ast.Call):
                self.call(node)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is not None and any(call_name(t) == "notice" for t in targets):
                    self.text_argument(node.value, "given as a notice")
        return self.findings

    def error_class(self, node: ast.ClassDef) -> None:
        for item in node.body:
            if not isinstance(item, ast.FunctionDef) or item.name != "__init__":
                continue
            for default in [*item.args.defaults, *item.args.kw_defaults]:
                if default is not None:
                    self.text_argument(default, f"as the default message of {node.name}", True)
            for call in ast.walk(item):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "__init__"
                ):
                    for argument in call.args[:1]:
                        self.text_argument(argument, f"in {node.name}'s super().__init__", True)

    def wording_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for returned in ast.walk(node):
            if isinstance(returned, ast.Return) and returned.value is not None:
                self.text_argument(returned.value, f"returned by {node.name}()")

    def call(self, node: ast.Call) -> None:
        name = call_name(node.func)
        receiver = call_name(node.func.value) if isinstance(node.func, ast.Attribute) else ""
        if name in self.errors:
            for argument in self.message_arguments(node, name):
                self.text_argument(argument, f"given to {name}()", True)
        elif name in _TEXT_SINKS and receiver not in _LOGGERS:
            for argument in [*node.args, *(k.value for k in node.keywords)]:
                self.text_argument(argument, f"given to {name}()")
        for keyword in node.keywords:
            if keyword.arg == "notice":
                self.text_argument(keyword.value, "given as notice=")
        if name == _NOOP:
            self.noop(node)
        elif node.args and self.template_of(node.args[0]) is not None:
            self.message(node, self.template_of(node.args[0]) or "")

    def message_arguments(self, node: ast.Call, name: str) -> list[ast.expr]:
        """The argument that is the error's message (by its place in ``__init__``)."""
        index = self.errors.get(name, 0)
        found = [k.value for k in node.keywords if k.arg == "message"]
        if index is not None and index < len(node.args):
            found.append(node.args[index])
        return found

    def noop(self, node: ast.Call) -> None:
        args = node.args
        if len(args) != 2 or not all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args
        ):
            self.report(node, "QT_TRANSLATE_NOOP needs two literals (lupdate reads literals)")
        elif args[0].value != CONTEXT:  # type: ignore[attr-defined]
            self.report(node, f"QT_TRANSLATE_NOOP in the core uses the context {CONTEXT!r}")

    def template_of(self, node: ast.expr) -> str | None:
        """The literal template ``node`` stands for: a QT_TRANSLATE_NOOP call, or a
        constant of this module or of a core module imported under a name."""
        if isinstance(node, ast.Call) and call_name(node.func) == _NOOP and len(node.args) == 2:
            text = node.args[1]
            if isinstance(text, ast.Constant) and isinstance(text.value, str):
                return text.value
            return None
        if isinstance(node, ast.Name):
            return self.templates.get(str(self.path), {}).get(node.id)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            module = self.aliases.get(node.value.id)
            return self.templates.get(module or "", {}).get(node.attr)
        return None

    def message(self, node: ast.Call, template: str) -> None:
        if call_name(node.func) == _NOOP or any(k.arg is None for k in node.keywords):
            return  # **values: not checked here
        if len(node.args) != 1:
            return
        wanted = _placeholders(template)
        given = {k.arg for k in node.keywords if k.arg}
        if wanted is not None and wanted != given:
            self.report(
                node,
                f"the template {template[:50]!r} takes {sorted(wanted)}, "
                f"it is given {sorted(given)}",
            )


def _module_aliases(tree: ast.Module) -> dict[str, str]:
    """``texts`` -> "chatapp/core/gguf_texts.py" for ``from chatapp.core import
    gguf_texts as texts``."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("chatapp"):
            for alias in node.names:
                dotted = f"{node.module}.{alias.name}".replace(".", "/") + ".py"
                found[alias.asname or alias.name] = dotted
    return found


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = QT_TRANSLATE_NOOP("core", "...")`` templates."""
    found = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and call_name(node.value.func) == _NOOP
            and len(node.value.args) == 2
            and isinstance(node.value.args[1], ast.Constant)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = str(node.value.args[1].value)
    return found


def check_sources(
    sources: dict[Path, str], root: Path, errors: dict[str, int | None]
) -> list[Finding]:
    """The findings in ``sources`` (path -> text; paths below ``root``, the repository),
    with ``errors`` the ChatAppError classes (``error_classes``)."""
    templates: dict[str, dict[str, str]] = {}
    for path, text in sources.items():
        constants = _constants(ast.parse(text))
        templates[str(path)] = constants
        templates[path.relative_to(root).as_posix()] = constants
    found = []
    for path, text in sorted(sources.items()):
        found += _ModuleCheck(path, text, errors, templates).run()
    return found


def check_core(root: Path) -> list[Finding]:
    """The findings in chatapp/core below the repository ``root``."""
    everything = {
        p: p.read_text(encoding="utf-8") for p in sorted((root / "chatapp").rglob("*.py"))
    }
    core = {p: t for p, t in everything.items() if (root / "chatapp" / "core") in p.parents}
    return check_sources(core, root, error_classes(everything))
