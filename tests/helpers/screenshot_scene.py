"""The README's screenshots, made the way a user would see the window: a real window on
an X server (Xvfb), a chat with code, a table and a quote, in a theme and at a size.

    python -m tests.helpers.screenshot_scene OUT.png --size 1280x800 --theme dark [--language zh_CN]

Runs on the FakeBackend (no model needed, the same reply every time) in a data folder of
its own. Besides the PNG it prints one JSON line: the window's size and every visible
widget that is cut off (outside the window, or squeezed below its minimum size).
``tests/gui/test_screenshots.py`` runs it; ``--readme`` writes the README's images.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from chatapp.core.model_loading import LoadOutcome
from chatapp.core.settings import LoadParams
from chatapp.testing.fake_backend import FakeBackend

REPO = Path(__file__).resolve().parents[2]
README_SHOTS = REPO / "resources" / "screenshots"

QUESTION = "How do I read a CSV file in Python and sum a column?"
REPLY = """Use the standard library's `csv` module:

```python
import csv

def total(path: str, column: str) -> float:
    with open(path, newline="") as f:
        return sum(float(row[column]) for row in csv.DictReader(f))

print(total("sales.csv", "amount"))
```

| Approach | Speed | Needs |
|---|---|---|
| `csv` module | fast | nothing |
| pandas | faster on big files | `pip install pandas` |

> **Tip:** pass `newline=""` to `open()`, or rows with quoted newlines break.
"""


def _cut_off(window: QWidget) -> list[str]:
    """The visible widgets that do not fit: outside the window (a widget inside a
    scrolled area may lie outside, the area scrolls to it), or smaller than the least
    size their text needs."""
    problems = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or widget.width() <= 0:
            continue
        if widget.objectName().startswith("qt_"):  # the parts of Qt's own compound widgets
            continue
        name = widget.objectName() or type(widget).__name__
        text = getattr(widget, "text", lambda: "")() if hasattr(widget, "text") else ""
        label = f"{name} {text!r}" if isinstance(text, str) and text else name
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not _in_scroll_area(widget) and not bounds.contains(rect):
            problems.append(f"{label} at {rect.getRect()} is outside {bounds.getRect()}")
        if isinstance(widget, (QLabel, QAbstractButton, QComboBox, QLineEdit)):
            least = widget.minimumSizeHint()
            if widget.width() + 1 < least.width() or widget.height() + 1 < least.height():
                problems.append(
                    f"{label} is {widget.width()}x{widget.height()}, "
                    f"needs {least.width()}x{least.height()}"
                )
    return problems


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _wait(app: QApplication, predicate: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


class _LooksReal(FakeBackend):
    """The fake, named and described as the model a user would have."""

    def load_model(self, path: str, params: LoadParams, **kwargs: Any) -> LoadOutcome:
        outcome = super().load_model(path, params, **kwargs)
        self.info = replace(outcome.info, quantization="Q4_K_M", architecture="llama")
        return replace(outcome, info=self.info)


def make_scene(out: Path, width: int, height: int, theme: str, language: str) -> dict:
    """Draw the scene into ``out``; what was cut off, as a dict."""
    data = Path(tempfile.mkdtemp(prefix="chatapp-shot-"))
    os.environ["CHATAPP_DATA_DIR"] = str(data)
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.json").write_text(
        json.dumps({"theme": theme, "language": language}), encoding="utf-8"
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)

    from chatapp import APP_NAME
    from chatapp.core.paths import resolve_paths
    from chatapp.gui import app as gui_app
    from chatapp.gui.theme import apply_saved_theme
    from tests.helpers.window import fake_backend_factory

    paths = resolve_paths()
    paths.ensure()
    pieces = [REPLY[i : i + 4] for i in range(0, len(REPLY), 4)]
    backend = _LooksReal(tokens=pieces, first_token_delay=0.12, token_delay=0.02)
    app.setApplicationName(APP_NAME)
    window = gui_app.create_window(paths, backend_factory=fake_backend_factory(backend))
    apply_saved_theme(window.settings, paths.settings_file)
    window.resize(width, height)
    window.show()
    window.load_model(Path("OpenChat-3.5-7B.Q4_K_M.gguf"))
    _wait(app, lambda: window.replies.model is not None, 10, "the model")
    _wait(app, lambda: window.keeper.is_ready, 10, "the store")
    finished: list[object] = []
    window.reply_completed.connect(finished.append)
    window.composer.submit(QUESTION)
    _wait(app, lambda: finished, 10, "the reply")
    window.composer.edit_text("")
    window.chat_view.verticalScrollBar().setValue(0)
    report: dict = {}

    def shoot() -> None:
        # What the X server shows (not a re-render), taken while the event loop runs.
        corner = window.mapToGlobal(QPoint(0, 0))
        size = (window.width(), window.height())
        shot = window.screen().grabWindow(0, corner.x(), corner.y(), *size)
        shot.save(str(out))
        report.update(size=list(size), cut_off=_cut_off(window))
        app.quit()

    QTimer.singleShot(500, shoot)
    app.exec()
    window.shutdown()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    parser.add_argument("--language", default="en")
    parser.add_argument("--readme", action="store_true", help="write the README's images")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    out = args.out or README_SHOTS / f"window-{args.theme}-{args.size}.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    print(json.dumps(make_scene(out, width, height, args.theme, args.language)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
