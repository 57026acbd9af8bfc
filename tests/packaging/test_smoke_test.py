"""``chatapp --smoke-test`` from the source install, and the windowed-app stream fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.model


def run_chatapp(*args: str, data_dir: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CHATAPP_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "chatapp", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_smoke_test_passes_with_the_test_model(test_model_path: Path, tmp_path: Path):
    result = run_chatapp("--smoke-test", "--model", str(test_model_path), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert report["ok"] is True
    assert report["frozen"] is False
    assert report["qt_platform"] == "offscreen"
    assert report["icon"] is True
    assert 0 < report["window_seconds"] < 60
    assert report["reply_tokens"] > 0
    assert Path(report["model"]).name == test_model_path.name
    assert report["modules"] >= 40
    assert Path(report["llama_library"]).name.startswith("libllama")
    assert (tmp_path / "logs" / "chatapp.log").is_file()


def test_smoke_test_fails_in_one_line(tmp_path: Path):
    missing = tmp_path / "missing.gguf"
    result = run_chatapp("--smoke-test", "--model", str(missing), data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"chatapp: smoke test failed: model file not found: {missing}"
    )
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["ok"] is False

    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"<!DOCTYPE html><html>not a model</html>" * 10)
    result = run_chatapp("--smoke-test", "--model", str(bad), data_dir=tmp_path)
    assert result.returncode != 0
    assert result.stderr.strip().startswith("chatapp: smoke test failed: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_model_flag_needs_smoke_test(tmp_path: Path):
    result = run_chatapp("--model", "x.gguf", data_dir=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "only for --smoke-test" in result.stderr


def test_missing_std_streams_go_to_the_log_folder(tmp_path: Path):
    """As in a windowed Windows app: stdout/stderr are None until ChatApp starts."""
    code = (
        "import sys\n"
        "sys.stdout = sys.stderr = None\n"
        "from chatapp.core.std_streams import ensure_std_streams\n"
        "target = ensure_std_streams(__import__('pathlib').Path(sys.argv[1]))\n"
        "print('to stdout', target.name)\n"
        "sys.stderr.write('to stderr\\n')\n"
        "import os; os.write(sys.stdout.fileno(), b'by descriptor\\n')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "logs")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "logs" / "output.log").read_text()
    assert written.splitlines() == ["to stdout output.log", "to stderr", "by descriptor"]


HOSTILE_SETTINGS = {
    "context": ({"load": {"n_ctx": 3000000000}}, "load.n_ctx"),
    "seed": ({"sampling": {"seed": 3000000000}}, "sampling.seed"),
    "max_tokens": ({"sampling": {"max_tokens": 1e30}}, "sampling.max_tokens"),
    "threads": ({"load": {"n_threads": 100000}}, "load.n_threads"),
    "types": ({"last_model": 42, "last_conversation": {}, "load": []}, "last_model"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SETTINGS))
def test_smoke_test_repairs_hostile_settings(test_model_path: Path, tmp_path: Path, case: str):
    content, field = HOSTILE_SETTINGS[case]
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text(json.dumps(content), encoding="utf-8")
    result = run_chatapp(
        "--smoke-test", "--model", str(test_model_path), data_dir=tmp_path, timeout=180
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True
    [notice] = report["notices"]
    assert field in notice


def test_smoke_test_with_an_unreadable_settings_file_never_waits(
    test_model_path: Path, tmp_path: Path
):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_bytes(b"\x00\xffgarbage{")
    result = run_chatapp(
        "--smoke-test", "--model", str(test_model_path), data_dir=tmp_path, timeout=150
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is True
    assert any("settings.json.bad" in notice for notice in report["notices"])
    assert (tmp_path / "config" / "settings.json.bad").is_file()


def test_smoke_test_with_a_folder_in_place_of_the_conversations(
    test_model_path: Path, tmp_path: Path
):
    (tmp_path / "conversations.sqlite3").mkdir()
    result = run_chatapp("--smoke-test", "--model", str(test_model_path), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    [notice] = report["notices"]
    assert "conversations.sqlite3 is a folder" in notice
    log_text = (tmp_path / "logs" / "chatapp.log").read_text(encoding="utf-8")
    assert " ERROR " not in log_text and "Traceback" not in log_text
    assert log_text.count("conversations kept in memory") == 1


def test_smoke_test_stops_at_its_time_limit(tmp_path: Path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        CHATAPP_DATA_DIR=str(tmp_path),
        CHATAPP_SMOKE_TEST_TIMEOUT="0.2",
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "chatapp", "--smoke-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["ok"] is False
    assert report["error"].startswith("timed out during ")
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("chatapp: smoke test failed: timed out during ")
    )
