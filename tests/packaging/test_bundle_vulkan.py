"""The Vulkan archive: packaging/build.py --gpu vulkan adds llama.cpp's Vulkan build
beside the CPU libraries, and the frozen app picks it at start when a Vulkan device is
there (Mesa's llvmpipe, named with GGML_VK_VISIBLE_DEVICES=0), else the CPU libraries.

Run alone with ``.venv/bin/python -m pytest tests/packaging/test_bundle_vulkan.py``; the
wheels come from the cache that test_bundle.py and tests/gpu/ fill.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.packaging.test_bundle import Bundle, run_frozen, smoke_report

pytestmark = [pytest.mark.bundle, pytest.mark.gpu, pytest.mark.timeout(3600)]

# The goals of issue 20 for the archive with the Vulkan build.
MAX_UNPACKED_MIB = 200
MAX_ARCHIVE_MIB = 80
VISIBLE = {"GGML_VK_VISIBLE_DEVICES": "0", "CHATAPP_SMOKE_TEST_TIMEOUT": "900"}


@pytest.fixture(scope="module")
def vulkan_bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundle]:
    dist = tmp_path_factory.mktemp("dist-vulkan")
    result = subprocess.run(
        [sys.executable, str(REPO / "packaging" / "build.py"), "--gpu", "vulkan"]
        + ["--dist", str(dist)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=3300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    unpacked = tmp_path_factory.mktemp("unpacked-vulkan")
    with tarfile.open(summary["archive"]) as tar:
        if hasattr(tarfile, "tar_filter"):
            tar.extractall(unpacked, filter="tar")
        else:
            tar.extractall(unpacked)
    yield Bundle(summary, unpacked / "ChatApp")


def frozen_smoke(bundle: Bundle, model: Path, data: Path, env: dict[str, str]) -> dict:
    return smoke_report(
        run_frozen(bundle, "--smoke-test", "--model", str(model), data_dir=data, env=env)
    )


def test_vulkan_archive_sizes_and_layout(vulkan_bundle: Bundle):
    summary = vulkan_bundle.summary
    assert summary["gpu"] == "vulkan"
    assert Path(summary["archive"]).name.endswith("-linux-x86_64-vulkan.tar.gz")
    assert summary["bundle_mib"] <= MAX_UNPACKED_MIB, summary
    assert summary["archive_mib"] <= MAX_ARCHIVE_MIB, summary
    libraries = vulkan_bundle.folder / "_internal" / "llama_cpp"
    for folder in ("lib", "lib-compat", "lib-vulkan"):
        assert (libraries / folder / "libllama.so").is_symlink(), folder
        assert (libraries / folder / "libggml-cpu.so.0").is_file(), folder
    assert (libraries / "lib-vulkan" / "libggml-vulkan.so.0").is_file()
    assert not list((libraries / "lib").glob("libggml-vulkan*"))


def test_frozen_vulkan_smoke_test_offloads_to_the_device(
    vulkan_bundle: Bundle, test_model_path: Path, tmp_path: Path
):
    report = frozen_smoke(vulkan_bundle, test_model_path, tmp_path / "data", VISIBLE)
    vulkan = vulkan_bundle.folder / "_internal" / "llama_cpp" / "lib-vulkan"
    assert report["library_variant"] == "vulkan"
    assert report["library_reason"].startswith("Vulkan device llvmpipe")
    assert report["gpu_layers"] > 0
    assert report["load_notice"] is None  # all the planned layers
    assert report["reply_tokens"] > 0
    assert all(Path(f).parent == vulkan for f in report["llama_files"]), report["llama_files"]
    log = (tmp_path / "data" / "logs" / "chatapp.log").read_text(encoding="utf-8")
    assert "llama.cpp libraries: vulkan (Vulkan device llvmpipe" in log


def test_frozen_vulkan_archive_uses_the_cpu_without_a_device(
    vulkan_bundle: Bundle, test_model_path: Path, tmp_path: Path
):
    report = frozen_smoke(vulkan_bundle, test_model_path, tmp_path / "data", {})
    assert report["library_variant"] == "default"
    assert "vulkan not used: the only Vulkan devices are CPU renderers" in report["library_reason"]
    assert report["gpu_layers"] == 0
    assert report["reply_tokens"] > 0


def test_frozen_vulkan_archive_starts_without_a_vulkan_driver(
    vulkan_bundle: Bundle, test_model_path: Path, tmp_path: Path
):
    env = {**VISIBLE, "VK_ICD_FILENAMES": str(tmp_path / "no-driver.json")}
    report = frozen_smoke(vulkan_bundle, test_model_path, tmp_path / "data", env)
    assert report["library_variant"] == "default"
    assert "no Vulkan driver could start" in report["library_reason"]
    assert report["reply_tokens"] > 0
    internal = vulkan_bundle.folder / "_internal" / "llama_cpp" / "lib-vulkan"
    assert not any(Path(f).parent == internal for f in report["llama_files"])
