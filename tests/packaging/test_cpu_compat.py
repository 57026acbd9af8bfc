"""Choosing llama.cpp's compat libraries on CPUs without AVX2 (chatapp/core/cpu_compat.py)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

from chatapp.core import cpu_compat
from chatapp.core.cpu_compat import (
    LIB_PATH_ENV,
    MTMD_LIB_ENV,
    VARIANT_ENV,
    flags_from_cpuinfo,
    select_llama_library,
)

HASWELL = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz
flags\t\t: fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 popcnt avx f16c rdrand avx2 bmi2
"""
SANDY_BRIDGE = """processor\t: 0
model name\t: Intel(R) Core(TM) i5-2500 CPU @ 3.30GHz
flags\t\t: fpu vme sse sse2 ssse3 cx16 sse4_1 sse4_2 popcnt avx
"""


def test_flags_from_cpuinfo():
    assert {"avx2", "fma", "f16c"} <= flags_from_cpuinfo(HASWELL)
    assert "avx2" not in flags_from_cpuinfo(SANDY_BRIDGE)
    assert flags_from_cpuinfo("processor : 0\n") == set()


def test_linux_probe_reads_cpuinfo(tmp_path: Path):
    haswell, old = tmp_path / "haswell", tmp_path / "sandy"
    haswell.write_text(HASWELL)
    old.write_text(SANDY_BRIDGE)
    assert cpu_compat._linux_has_avx2(haswell) is True
    assert cpu_compat._linux_has_avx2(old) is False
    assert cpu_compat._linux_has_avx2(tmp_path / "missing") is None


def test_this_cpu_matches_proc_cpuinfo():
    flags = flags_from_cpuinfo(Path("/proc/cpuinfo").read_text())
    expected = {"avx2", "fma", "f16c"} <= flags if platform.machine() == "x86_64" else True
    assert cpu_compat.cpu_has_avx2() is expected


def test_compat_chosen_without_avx2(tmp_path: Path):
    env: dict[str, str] = {}
    choice = select_llama_library(env, compat_dir=tmp_path, has_avx2=lambda: False)
    assert choice.variant == "compat"
    assert env[LIB_PATH_ENV] == str(tmp_path) == env[MTMD_LIB_ENV]
    assert "AVX2" in choice.reason


def test_default_kept_with_avx2(tmp_path: Path):
    env: dict[str, str] = {}
    choice = select_llama_library(env, compat_dir=tmp_path, has_avx2=lambda: True)
    assert choice.variant == "default"
    assert env == {}


def test_unknown_cpu_gets_the_compat_libraries(tmp_path: Path):
    env: dict[str, str] = {}
    assert select_llama_library(env, tmp_path, lambda: None).variant == "compat"


def test_user_lib_path_and_forced_variant_win(tmp_path: Path):
    env = {LIB_PATH_ENV: "/opt/llama"}
    choice = select_llama_library(env, compat_dir=tmp_path, has_avx2=lambda: False)
    assert (choice.variant, env[LIB_PATH_ENV]) == ("environment", "/opt/llama")
    env = {VARIANT_ENV: "compat"}
    assert select_llama_library(env, tmp_path, lambda: True).variant == "compat"
    env = {VARIANT_ENV: "default"}
    assert select_llama_library(env, tmp_path, lambda: False).variant == "default"
    assert LIB_PATH_ENV not in env


def test_source_install_has_no_compat_folder():
    env: dict[str, str] = {}
    choice = select_llama_library(env, has_avx2=lambda: False)
    assert choice.variant == "default"
    assert env == {}


def test_cli_selects_before_llama_cpp_is_imported(tmp_path: Path):
    """The choice reaches llama-cpp-python: chatapp info loads libllama from the folder
    that LLAMA_CPP_LIB_PATH names (here the installed one, given explicitly)."""
    from chatapp.core.ggml_devices import library_dir

    folder = library_dir()
    assert folder is not None
    code = (
        "import sys\n"
        "from chatapp.cli import main\n"
        "from chatapp.core.cpu_compat import loaded_library_path, last_choice\n"
        "main(['--data-dir', sys.argv[1], 'info', '--json'])\n"
        "print(last_choice().variant, loaded_library_path(), file=sys.stderr)\n"
    )
    env = dict(os.environ, **{LIB_PATH_ENV: str(folder)})
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    variant, loaded = result.stderr.strip().splitlines()[-1].split(" ", 1)
    assert variant == "environment"
    assert Path(loaded).parent == folder
