"""What a window that has not been asked for a server or a hub search leaves unimported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from pathlib import Path
from chatapp.cli import build_parser
from chatapp.core.paths import resolve_paths
from chatapp.gui.app import create_window
from PySide6.QtWidgets import QApplication

build_parser([]).parse_args([])
app = QApplication(["chatapp"])
paths = resolve_paths(Path(sys.argv[1]))
paths.ensure()
window = create_window(paths)
window.show()
app.processEvents()
print(json.dumps(sorted(sys.modules)))
window.close()
"""


def test_the_window_opens_without_the_remote_backend_hub_search_or_commands(tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "chatapp.gui.main_window" in loaded  # the probe did open the window
    unwanted = {
        "chatapp.core.remote",
        "chatapp.core.remote_stream",
        "chatapp.core.hub_search",
        "chatapp.cli.chat",
        "chatapp.cli.models",
        "chatapp.bench.cli",
        "huggingface_hub",
        "httpx2",
    }
    assert sorted(unwanted & loaded) == []
