"""The real window in a process of its own, for the crash test: it loads the model,
sends one message, and prints every batch of reply text with the time it arrived,
until it is killed. With ``branch``, the first reply is short and then regenerated: the
long reply is written on a second branch.

    python -m tests.gui.kill_driver MODEL DATA_DIR [branch]
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, QTimer, Slot  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from chatapp.core.paths import resolve_paths  # noqa: E402
from chatapp.gui.app import create_window  # noqa: E402

PROMPT = "Write a very long story about a lighthouse keeper and the sea, in many chapters."


class Reporter(QObject):
    """Prints what the window receives, on the GUI thread, as JSON lines."""

    window: Any = None  # the window, for the branch run

    def report(self, kind: str, text: str = "") -> None:
        print(json.dumps({"kind": kind, "t": time.time(), "text": text}), flush=True)

    @Slot(str)
    def on_batch(self, text: str) -> None:
        self.report("batch", text)

    @Slot(object)
    def on_finished(self, _stats: object) -> None:
        self.report("finished")

    @Slot(object)
    def regenerate_long(self, _stats: object) -> None:
        """The short first reply ended: write a long one beside it."""
        window = self.window
        window.reply_completed.disconnect(self.regenerate_long)
        window.settings.sampling = replace(window.settings.sampling, max_tokens=4000)
        window.reply_completed.connect(self.on_finished)
        QTimer.singleShot(0, self.click_regenerate)  # once the first reply has ended

    @Slot()
    def click_regenerate(self) -> None:
        self.report("regenerating")
        self.window.composer.regenerate_button.click()

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.report("failed", message)


def main() -> int:
    model, data_dir = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication(sys.argv)
    paths = resolve_paths(data_dir)
    paths.ensure()
    window = create_window(paths)
    branch = sys.argv[3:] == ["branch"]
    window.settings.sampling = replace(window.settings.sampling, max_tokens=8 if branch else 4000)
    window.show()

    reporter = Reporter()
    reporter.window = window

    def on_ready(_info: object) -> None:
        reporter.report("loaded")
        window.composer.edit_text(PROMPT)
        window.composer.button.click()

    window.model_ready.connect(on_ready)
    window.replies.token_batch_ready.connect(reporter.on_batch)
    if branch:
        window.reply_completed.connect(reporter.regenerate_long)
    else:
        window.reply_completed.connect(reporter.on_finished)
    window.model_failed.connect(reporter.on_failed)
    window.load_model(model)
    try:
        return app.exec()
    finally:
        window.shutdown()


if __name__ == "__main__":
    sys.exit(main())
