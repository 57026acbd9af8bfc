"""``chatapp gpu``: the GPU this machine has, whether llama.cpp can use it, and how to
rebuild llama-cpp-python for it (``--rebuild`` runs that)."""

from __future__ import annotations

import argparse
import json
import sys

from chatapp.core.cpu_compat import last_choice
from chatapp.core.errors import ChatAppError, ExitCode, UsageError
from chatapp.core.gpu_advice import GpuAdvice, gpu_advice, rebuild

PACKAGED_HINT = (
    "the packaged app cannot be rebuilt: download the ChatApp archive ending in -vulkan "
    "(NVIDIA, AMD or Intel graphics) or -cuda (NVIDIA) instead"
)


def add_gpu_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``chatapp gpu``."""
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="run the pip command that recompiles llama-cpp-python for this GPU",
    )


def _lines(advice: GpuAdvice, packaged: bool) -> list[str]:
    choice = last_choice()
    lines = [
        "GPUs on this machine: " + (", ".join(advice.machine_gpus) or "none found by the tools"),
        "Vulkan: " + ("; ".join(advice.vulkan.devices) or advice.vulkan.reason),
        f"CUDA: {advice.cuda.reason}",
        f"llama.cpp backends: {', '.join(advice.backends)} "
        f"(libraries: {choice.variant}, {choice.reason})",
        "llama.cpp can use: " + (", ".join(advice.usable_devices) or "no GPU (CPU only)"),
        f"best build here: {advice.choice.backend} ({advice.choice.reason})",
    ]
    if advice.build_uses_gpu or advice.choice.cmake_args is None:
        lines.append("nothing to rebuild")
    elif packaged:
        lines.append(PACKAGED_HINT)
    else:
        if advice.choice.needs:
            lines.append(f"rebuild (needs {', '.join(advice.choice.needs)}):")
        lines.append(f"  {advice.command}")
    return lines


def run_gpu(args: argparse.Namespace) -> int:
    """Print the report; with ``--rebuild``, recompile llama-cpp-python."""
    from chatapp.core.llama_runtime import runtime_info

    packaged = bool(getattr(sys, "frozen", False))
    version = runtime_info().llama_cpp_python_version
    advice = gpu_advice(version)
    if args.json:
        data = advice.to_dict()
        data["library_variant"] = last_choice().variant
        data["library_reason"] = last_choice().reason
        json.dump(data, sys.stdout, indent=2)
        print()
    else:
        print("\n".join(_lines(advice, packaged)))
    if not args.rebuild:
        return ExitCode.OK
    if packaged:
        raise UsageError(PACKAGED_HINT)
    if advice.choice.cmake_args is None:
        raise UsageError(f"no GPU build to make: {advice.choice.reason}")
    print(f"running: {advice.command}", file=sys.stderr, flush=True)
    status = rebuild(advice.choice.cmake_args, version, sys.executable)
    if status != 0:
        raise ChatAppError(
            f"pip failed with status {status}; what the compile needs: "
            f"{', '.join(advice.choice.needs) or 'a C++ compiler and CMake'}"
        )
    print("rebuilt: run `chatapp gpu` again to check", file=sys.stderr)
    return ExitCode.OK
