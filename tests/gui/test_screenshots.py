"""Screenshots in a real X server (Xvfb): light and dark, at 1280x800 and at the smallest
size the window supports (800x600), in English and Chinese. Nothing may be cut off, and
the README's images must be the ones this scene draws today (regenerate them with
``python -m tests.helpers.screenshot_scene --readme --size WxH --theme T``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.screenshot_scene import README_SHOTS, REPO
from tests.helpers.xvfb import assert_not_blank

SCENES = [
    ("1280x800", "light", "en"),
    ("1280x800", "dark", "en"),
    ("800x600", "light", "en"),
    ("800x600", "dark", "en"),
    ("1280x800", "light", "zh_CN"),
    ("800x600", "dark", "zh_CN"),
]


def _shoot(display: str, out: Path, size: str, theme: str, language: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    done = subprocess.run(
        [sys.executable, "-m", "tests.helpers.screenshot_scene", str(out)]
        + ["--size", size, "--theme", theme, "--language", language],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _difference(a: Path, b: Path) -> float:
    """ImageMagick's normalised root-mean-square difference of two images (0 = same)."""
    done = subprocess.run(
        ["compare", "-metric", "RMSE", str(a), str(b), "null:"],
        capture_output=True,
        text=True,
    )
    found = re.search(r"\(([0-9.e-]+)\)", done.stderr)
    assert found, done.stderr
    return float(found.group(1))


@pytest.mark.parametrize(("size", "theme", "language"), SCENES)
def test_nothing_is_cut_off(display: str, tmp_path: Path, size: str, theme: str, language: str):
    shot = tmp_path / "shot.png"
    report = _shoot(display, shot, size, theme, language)
    width, height = (int(part) for part in size.split("x"))
    assert report["size"] == [width, height], "the window cannot take this size"
    assert report["cut_off"] == [], "\n".join(report["cut_off"])
    assert_not_blank(shot)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_readme_shows_todays_window(display: str, tmp_path: Path, theme: str):
    name = f"window-{theme}-1280x800.png"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"resources/screenshots/{name}" in readme
    shot = tmp_path / name
    _shoot(display, shot, "1280x800", theme, "en")
    assert _difference(shot, README_SHOTS / name) < 0.04, (
        f"README's {name} is not what the window looks like now: regenerate it with "
        f"python -m tests.helpers.screenshot_scene --readme --size 1280x800 --theme {theme}"
    )
