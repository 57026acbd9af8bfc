"""The GPU path on a real Vulkan device: Mesa's software renderer (llvmpipe) with the
Vulkan build of llama.cpp that packaging/build.py makes. Slow (the device is the CPU),
but every GPU code path is the real one: device probe, library choice, ggml's device
memory, the plan, the offloaded load."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from chatapp.core.gpu_probe import check_vulkan
from tests.gpu.conftest import VISIBLE, chatapp_env, run_chatapp

pytestmark = [pytest.mark.gpu, pytest.mark.timeout(1800)]

CHOOSE_AND_IMPORT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from chatapp.core.cpu_compat import select_llama_library, loaded_library_path\n"
    "from chatapp.core.llama_runtime import import_llama_cpp\n"
    "choice = select_llama_library(gpu_dirs={'vulkan': Path(sys.argv[1])})\n"
    "llama_cpp = import_llama_cpp()\n"
    "print(choice.variant, llama_cpp.llama_supports_gpu_offload(), loaded_library_path())\n"
    "print(choice.reason)\n"
)


def choose_in_subprocess(libraries: Path, env: dict[str, str]) -> tuple[str, str, Path, str]:
    result = subprocess.run(
        [sys.executable, "-c", CHOOSE_AND_IMPORT, str(libraries)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    first, reason = result.stdout.strip().splitlines()[-2:]
    variant, offload, library = first.split(" ", 2)
    return variant, offload, Path(library), reason


def test_the_probe_sees_llvmpipe_only_when_it_is_named():
    hidden = check_vulkan({})
    assert not hidden.usable
    assert hidden.reason.startswith("the only Vulkan devices are CPU renderers (llvmpipe")
    visible = check_vulkan(VISIBLE)
    assert visible.usable, visible.reason
    assert visible.reason.startswith("Vulkan device llvmpipe")


def test_a_missing_vulkan_driver_is_told_in_one_line(tmp_path: Path):
    code = "from chatapp.core.gpu_probe import check_vulkan; print(check_vulkan().reason)"
    env = chatapp_env(tmp_path, VK_ICD_FILENAMES=str(tmp_path / "none.json"), **VISIBLE)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "no Vulkan driver could start (vkCreateInstance returned -9)"


def test_vulkan_variant_chosen_when_the_device_is_visible(vulkan_libraries: Path, tmp_path: Path):
    variant, offload, library, reason = choose_in_subprocess(
        vulkan_libraries, chatapp_env(tmp_path, **VISIBLE)
    )
    assert (variant, offload) == ("vulkan", "True")
    assert library.parent == vulkan_libraries
    assert reason.startswith("Vulkan device llvmpipe")


def test_cpu_variant_chosen_when_the_device_is_not_visible(vulkan_libraries: Path, tmp_path: Path):
    variant, offload, library, reason = choose_in_subprocess(
        vulkan_libraries, chatapp_env(tmp_path)
    )
    assert (variant, offload) == ("default", "False")
    assert library.parent != vulkan_libraries
    assert "vulkan not used: the only Vulkan devices are CPU renderers" in reason


def test_info_lists_the_vulkan_device_and_plans_every_layer_on_it(
    vulkan_libraries: Path, test_model_path: Path, tmp_path: Path
):
    env = chatapp_env(tmp_path, LLAMA_CPP_LIB_PATH=str(vulkan_libraries), **VISIBLE)
    info = run_chatapp("info", "--json", "--model", str(test_model_path), env=env)
    assert "Vulkan" in info["backends"]
    assert info["gpu_offload"] is True
    [device] = info["gpu_devices"]
    assert device["backend"] == "Vulkan"
    assert device["description"].startswith("llvmpipe")
    assert device["source"] == "ggml"
    assert device["memory_total_bytes"] > 2**30
    plan = info["plan"]
    assert plan["devices"] == [f"{device['description']} ({device['name']})"]
    assert plan["all_on_gpu"] is True
    assert plan["n_gpu_layers"] == plan["n_layers"] == info["model"]["n_layers"] + 1


def test_engine_loads_every_layer_on_the_device(
    vulkan_libraries: Path, test_model_path: Path, tmp_path: Path
):
    # llama.cpp's INFO lines (the offload count) reach the log only when asked for.
    env = chatapp_env(
        tmp_path, LLAMA_CPP_LIB_PATH=str(vulkan_libraries), CHATAPP_LLAMA_LOG="debug", **VISIBLE
    )
    report = run_chatapp("--smoke-test", "--model", str(test_model_path), env=env)
    assert report["ok"] is True
    assert report["reply_tokens"] > 0
    assert Path(report["llama_library"]).parent == vulkan_libraries
    assert report["gpu_layers"] > 1
    assert report["load_notice"] is None
    log = (tmp_path / "logs" / "chatapp.log").read_text(encoding="utf-8")
    # llama.cpp counts the output layer too, as the plan does.
    offloaded = re.search(r"offloaded (\d+)/(\d+) layers to GPU", log)
    assert offloaded is not None
    assert int(offloaded[1]) == int(offloaded[2]) == report["planned_gpu_layers"]
    assert "Vulkan0 model buffer size" in log
