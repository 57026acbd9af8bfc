"""The real app in a real X server (Xvfb): start it, chat, take a screenshot."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers.xvfb import RealApp, assert_not_blank, wait_for

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[2]


def test_the_app_chats_in_a_real_window(display: str, tmp_path: Path, test_model_path: Path):
    data = tmp_path / "data"
    (data / "config").mkdir(parents=True)
    (data / "config" / "settings.json").write_text(
        json.dumps({"last_model": str(test_model_path), "sampling": {"max_tokens": 40}}),
        encoding="utf-8",
    )
    app = RealApp(data, display)
    env, log_file, logged, xdotool = app.env, app.log_file, app.logged, app.xdotool

    try:
        wait_for(lambda: logged(f"loaded {test_model_path}:"), 60, "the model to load")
        window = xdotool("search", "--sync", "--onlyvisible", "--name", "^ChatApp").split()[0]
        geometry = dict(
            line.split("=") for line in xdotool("getwindowgeometry", "--shell", window).split()
        )
        # Click into the message box (bottom middle, between the chats and the settings).
        x, y = int(geometry["WIDTH"]) // 2, int(geometry["HEIGHT"]) - 90
        xdotool("mousemove", "--window", window, str(x), str(y))
        xdotool("click", "1")
        xdotool("type", "--delay", "15", "Tell me about lighthouses")
        xdotool("key", "Return")
        wait_for(lambda: logged("reply finished"), 60, "the reply")
        time.sleep(0.5)
        shot = tmp_path / "window.png"
        subprocess.run(["import", "-window", window, str(shot)], env=env, check=True)
        assert_not_blank(shot)
        if os.environ.get("CHATAPP_SAVE_SCREENSHOT"):
            shutil.copy(shot, os.environ["CHATAPP_SAVE_SCREENSHOT"])
    finally:
        output = app.stop()
    assert "Traceback" not in output
    generated = re.search(r"reply finished: .*generated_tokens=(\d+)", log_file.read_text("utf-8"))
    assert generated and int(generated.group(1)) > 0
