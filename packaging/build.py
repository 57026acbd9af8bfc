#!/usr/bin/env python3
"""Build the ChatApp bundle for this OS with one command: ``python packaging/build.py``.

Steps (each skipped when its result is already there):

1. a build virtual environment (``build/venv``, never the developer's ``.venv``);
2. llama-cpp-python compiled for distribution (``-DGGML_NATIVE=OFF``: an AVX2/FMA/F16C
   baseline that does not depend on the build machine's CPU) and, on x86_64, a second
   "compat" build without AVX2/FMA/F16C whose shared libraries the app loads on CPUs that
   lack AVX2 (see ``chatapp/core/cpu_compat.py``). The wheels are kept in a cache keyed by
   the llama-cpp-python version, the Python, the platform and the CMake arguments, so a
   second run does not compile again. ``--gpu vulkan`` (Linux, Windows) or ``--gpu cuda``
   adds a third build with that GPU backend, whose libraries go beside the CPU ones as
   ``llama_cpp/lib-vulkan`` (``lib-cuda``) and are chosen at start when a device is found;
   the archive's name then ends in ``-vulkan`` (``-cuda``). Metal is part of the default
   build on Apple Silicon Macs;
3. ChatApp and PyInstaller installed into the build venv; the translations
   (``resources/i18n/*.ts``) compiled into ``build/i18n`` with Qt's own catalogues;
4. PyInstaller with ``packaging/chatapp.spec`` -> ``dist/ChatApp/`` (``dist/ChatApp.app`` on
   macOS);
5. the archive in ``dist/``: ``.tar.gz`` on Linux, ``.zip`` on Windows and macOS.

It needs Python 3.10+, a C/C++ compiler and CMake, and network access for the packages.
Only the standard library is used here, so any Python can run it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
DIST = ROOT / "dist"
SPEC = ROOT / "packaging" / "chatapp.spec"
APP = "ChatApp"

LLAMA_CPP_PYTHON = "0.3.36"
DIST_CMAKE_ARGS = ["-DGGML_NATIVE=OFF"]
COMPAT_CMAKE_ARGS = [*DIST_CMAKE_ARGS, "-DGGML_AVX2=OFF", "-DGGML_FMA=OFF", "-DGGML_F16C=OFF"]
# --gpu: the GPU backend compiled into a variant of the libraries (see gpu_cmake_args).
GPU_CMAKE_ARGS = {"vulkan": ["-DGGML_VULKAN=on"], "cuda": ["-DGGML_CUDA=on"]}
MACOS_MINIMUM = "13.0"  # also LSMinimumSystemVersion in chatapp.spec
# Where the compat libraries go inside the bundle; chatapp/core/cpu_compat.py looks there.
COMPAT_LIB_DIR = BUILD / "compat-lib"
GPU_LIB_DIR = BUILD / "gpu-lib"
# The compiled translations (.qm) the bundle carries in resources/i18n (chatapp.spec).
I18N_DIR = BUILD / "i18n"
# ggml-vulkan needs VK_EXT_layer_settings in the headers (Vulkan 1.3.2xx and newer).
VULKAN_HEADER_NEEDS = "VK_EXT_layer_settings"
VULKAN_NEEDS = (
    "the Vulkan build needs glslc, SPIRV-Headers and Vulkan headers with "
    f"{VULKAN_HEADER_NEEDS} (Debian/Ubuntu: apt install glslc spirv-headers libvulkan1, "
    "then packaging/linux/vulkan_sdk.sh; Windows: the LunarG Vulkan SDK, VULKAN_SDK set)"
)


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def main(argv: list[str] | None = None) -> int:
    """Run the build; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cmake-args",
        default="",
        help="extra CMake arguments for llama.cpp, e.g. '-DGGML_CUDA=on' or '-DGGML_VULKAN=on'",
    )
    parser.add_argument(
        "--gpu",
        choices=sorted(GPU_CMAKE_ARGS),
        help="also ship a GPU build of llama.cpp, chosen at start when a device is found "
        "(a separate archive, ...-vulkan / ...-cuda)",
    )
    parser.add_argument(
        "--no-compat",
        action="store_true",
        help="leave out the libraries for CPUs without AVX2 (x86_64 only)",
    )
    parser.add_argument("--no-archive", action="store_true", help="stop after PyInstaller")
    parser.add_argument(
        "--libraries-only",
        type=Path,
        metavar="DIR",
        help="with --gpu: only build (or take from the cache) the GPU build of llama.cpp and "
        "copy its shared libraries into DIR (the tests use them with LLAMA_CPP_LIB_PATH)",
    )
    parser.add_argument(
        "--venv", type=Path, default=BUILD / "venv", help="build venv (default: build/venv)"
    )
    parser.add_argument(
        "--dist", type=Path, default=DIST, help="where the bundle and archive go (default: dist)"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    if args.libraries_only and not args.gpu:
        parser.error("--libraries-only needs --gpu")
    try:
        python = ensure_venv(args.venv)
        extra = platform_cmake_args() + args.cmake_args.split()
        if args.libraries_only:
            wheel = llama_wheel(python, gpu_cmake_args(args.gpu, extra))
            unpack_compat_libs(wheel, args.libraries_only.resolve())
            print(json.dumps({"libraries": str(args.libraries_only.resolve()), "gpu": args.gpu}))
            return 0
        dist_wheel = llama_wheel(python, [*DIST_CMAKE_ARGS, *extra])
        compat_wheel = None
        if needs_compat() and not args.no_compat:
            compat_wheel = llama_wheel(python, [*COMPAT_CMAKE_ARGS, *extra])
        gpu_wheel = None
        if args.gpu:
            gpu_wheel = llama_wheel(python, gpu_cmake_args(args.gpu, extra))
        install(python, dist_wheel)
        compile_translations(python, I18N_DIR)
        unpack_compat_libs(compat_wheel, COMPAT_LIB_DIR)
        unpack_compat_libs(gpu_wheel, GPU_LIB_DIR)
        if args.gpu == "cuda":
            copy_cuda_runtime(GPU_LIB_DIR)
        dist = args.dist.resolve()
        bundle = run_pyinstaller(python, compat_wheel is not None, dist, args.gpu)
        archive = None if args.no_archive else make_archive(bundle, dist, args.gpu)
    except BuildError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    summary = {
        "bundle": str(bundle),
        "bundle_mib": round(folder_size(bundle) / 2**20, 1),
        "archive": str(archive) if archive else None,
        "archive_mib": round(archive.stat().st_size / 2**20, 1) if archive else None,
        "compat": compat_wheel is not None,
        "gpu": args.gpu,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary))
    return 0


def log(message: str) -> None:
    """A progress line on stderr."""
    print(f"[build] {message}", file=sys.stderr, flush=True)


def run(command: list[str | os.PathLike[str]], env: dict[str, str] | None = None) -> None:
    """Run ``command``; raise BuildError when it fails."""
    log(" ".join(str(part) for part in command))
    result = subprocess.run([str(part) for part in command], env=env, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise BuildError(f"{Path(str(command[0])).name} failed with status {result.returncode}")


def venv_python(folder: Path) -> Path:
    """The Python executable inside the venv ``folder``."""
    if sys.platform == "win32":
        return folder / "Scripts" / "python.exe"
    return folder / "bin" / "python"


def ensure_venv(folder: Path) -> Path:
    """Create the build venv (once) and return its Python."""
    python = venv_python(folder)
    if not python.exists():
        log(f"creating the build venv {folder}")
        venv.EnvBuilder(with_pip=True, clear=True).create(folder)
        run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    return python


def needs_compat() -> bool:
    """Only x86_64 CPUs can lack AVX2 (ARM builds have one baseline)."""
    return platform.machine().lower() in ("x86_64", "amd64", "x64")


def platform_cmake_args() -> list[str]:
    """CMake arguments this OS needs: Intel Macs get no Metal (llama.cpp's Metal is for
    Apple Silicon; on Intel GPUs it is slower than the CPU or fails); Apple Silicon gets
    it named (llama.cpp's default there) with its shaders compiled into the library."""
    if sys.platform == "darwin" and needs_compat():
        return ["-DGGML_METAL=OFF"]
    if sys.platform == "darwin":
        return ["-DGGML_METAL=on", "-DGGML_METAL_EMBED_LIBRARY=on"]
    return []


def gpu_cmake_args(gpu: str, extra: list[str]) -> list[str]:
    """The CMake arguments of the GPU build (``--gpu``)."""
    return [*DIST_CMAKE_ARGS, *GPU_CMAKE_ARGS[gpu], *extra]


def ensure_vulkan_sdk() -> None:
    """Point CMake at Vulkan headers new enough for ggml-vulkan (``VULKAN_SDK``).

    Where VULKAN_SDK is not set and the system's headers are too old (Debian 12, Ubuntu
    22.04), packaging/linux/vulkan_sdk.sh unpacks newer ones into build/vulkan-sdk."""
    if os.environ.get("VULKAN_SDK") or not sys.platform.startswith("linux"):
        return
    header = Path("/usr/include/vulkan/vulkan_core.h")
    if header.is_file() and VULKAN_HEADER_NEEDS in header.read_text(errors="replace"):
        return
    script = ROOT / "packaging" / "linux" / "vulkan_sdk.sh"
    folder = BUILD / "vulkan-sdk"
    log(f"the system's Vulkan headers lack {VULKAN_HEADER_NEEDS}: newer ones in {folder}")
    run(["bash", script, folder])
    os.environ["VULKAN_SDK"] = str(folder)


def cache_root() -> Path:
    """Where built llama-cpp-python wheels are kept between runs."""
    override = os.environ.get("CHATAPP_BUILD_CACHE")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "chatapp-build"


def wheel_key(cmake_args: list[str]) -> str:
    """Cache key: llama-cpp-python version, Python, platform and the CMake arguments."""
    identity = json.dumps(
        [
            LLAMA_CPP_PYTHON,
            sys.implementation.cache_tag,
            sys.platform,
            platform.machine(),
            cmake_args,
        ]
    )
    digest = hashlib.sha256(identity.encode()).hexdigest()[:16]
    return f"llama-cpp-python-{LLAMA_CPP_PYTHON}-{digest}"


def llama_wheel(python: Path, cmake_args: list[str]) -> Path:
    """A llama-cpp-python wheel built with ``cmake_args`` (from the cache when there)."""
    folder = cache_root() / wheel_key(cmake_args)
    wheels = sorted(folder.glob("llama_cpp_python-*.whl"))
    if wheels:
        log(f"llama-cpp-python {' '.join(cmake_args)}: cached {wheels[0]}")
        return wheels[0]
    log(f"compiling llama-cpp-python {LLAMA_CPP_PYTHON} with {' '.join(cmake_args)}")
    if "-DGGML_VULKAN=on" in cmake_args:
        ensure_vulkan_sdk()
    # A folder of this build's own: two builds at once (two terminals, or CI's test and a
    # release build) must not write into each other's wheel folder.
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=folder.name + ".partial-", dir=folder.parent))
    env = dict(os.environ)
    env["CMAKE_ARGS"] = " ".join(cmake_args)
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    if sys.platform == "darwin":
        env.setdefault("MACOSX_DEPLOYMENT_TARGET", MACOS_MINIMUM)
    started = time.monotonic()
    # --no-cache-dir: pip's wheel cache is keyed by the sdist, not by CMAKE_ARGS.
    try:
        run(
            [
                python,
                *("-m", "pip", "wheel", "--no-deps", "--no-cache-dir"),
                *("--no-binary", "llama-cpp-python", "--wheel-dir", partial),
                f"llama-cpp-python=={LLAMA_CPP_PYTHON}",
            ],
            env=env,
        )
    except BuildError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if any("VULKAN" in arg for arg in cmake_args):
            raise BuildError(f"{exc}; {VULKAN_NEEDS}") from None
        raise
    built = sorted(partial.glob("llama_cpp_python-*.whl"))
    if not built:
        raise BuildError(f"pip wheel made no llama-cpp-python wheel in {partial}")
    (partial / "cmake-args.txt").write_text(" ".join(cmake_args) + "\n", encoding="utf-8")
    try:
        partial.rename(folder)
    except OSError:  # another build finished first: its wheel is the same
        shutil.rmtree(partial, ignore_errors=True)
        wheels = sorted(folder.glob("llama_cpp_python-*.whl"))
        if not wheels:
            raise BuildError(
                f"{folder} exists without a wheel: delete it and build again"
            ) from None
        return wheels[0]
    log(f"compiled in {time.monotonic() - started:.0f} s")
    return folder / built[0].name


def install(python: Path, llama_wheel_path: Path) -> None:
    """Install the distribution llama-cpp-python, then ChatApp with PyInstaller."""
    run(
        [python, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps"]
        + [llama_wheel_path]
    )
    # Not editable: PyInstaller then collects exactly the installed package. The wheel is
    # named again so that pip never replaces it with another llama-cpp-python.
    run(
        [python, "-m", "pip", "install", "--quiet", "--upgrade"]
        + [llama_wheel_path, f"{ROOT}[package]"]
    )


def compile_translations(python: Path, target: Path) -> None:
    """Compile resources/i18n/*.ts into ``target`` with the build venv's lrelease (from
    PySide6): chatapp_zh_CN.qm and chatapp_en.qm (English's plural forms, "1 message" /
    "4 messages"); and copy Qt's own catalogue for each language but English beside them."""
    shutil.rmtree(target, ignore_errors=True)
    run([python, "-m", "chatapp.gui.i18n_files", ROOT / "resources" / "i18n", target])


def unpack_compat_libs(wheel: Path | None, target: Path) -> None:
    """Copy the compat wheel's shared libraries (llama_cpp/lib/*) into ``target``."""
    shutil.rmtree(target, ignore_errors=True)
    if wheel is None:
        return
    target.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        for item in archive.infolist():
            parts = item.filename.split("/")
            if parts[:2] == ["llama_cpp", "lib"] and len(parts) == 3 and parts[2]:
                (target / parts[2]).write_bytes(archive.read(item))
    # Keep one file per library: the unversioned name llama-cpp-python loads, plus the
    # SONAME (libfoo.so.0) that the libraries name each other by on Linux.
    if sys.platform.startswith("linux"):
        for path in target.iterdir():
            if path.name.count(".so.") and path.name.split(".so.")[1].count(".") >= 1:
                path.unlink()  # libggml.so.0.25.3: nothing loads it by that name
    if not any(target.iterdir()):
        raise BuildError(f"no shared libraries in {wheel.name}")
    # PyInstaller strips the libraries it analyses (chatapp.spec); these it only copies.
    if sys.platform.startswith("linux") and shutil.which("strip"):
        run(["strip", "--strip-unneeded", *sorted(target.iterdir())])


# The CUDA runtime libraries ggml-cuda links against (the driver, libcuda, is the user's).
CUDA_RUNTIME = ("cudart", "cublas", "cublasLt")


def copy_cuda_runtime(target: Path) -> None:
    """Copy the CUDA toolkit's runtime libraries that ggml-cuda needs into ``target``
    (CUDA_PATH or CUDA_HOME names the toolkit)."""
    toolkit = os.environ.get("CUDA_PATH") or os.environ.get("CUDA_HOME") or "/usr/local/cuda"
    if sys.platform == "win32":
        folders, patterns = [Path(toolkit) / "bin"], [f"{n}64_*.dll" for n in CUDA_RUNTIME]
    else:
        folders = [Path(toolkit) / "lib64", Path(toolkit) / "targets" / "x86_64-linux" / "lib"]
        patterns = [f"lib{n}.so.[0-9]*" for n in CUDA_RUNTIME]
    copied = set()
    for folder in folders:
        for pattern in patterns:
            for path in sorted(folder.glob(pattern)):
                if path.name not in copied and path.name.count(".so.") <= 1:
                    if sys.platform.startswith("linux") and path.name.split(".so.")[1].count("."):
                        continue  # keep the SONAME file (libcudart.so.12) only
                    shutil.copy2(path, target / path.name)
                    copied.add(path.name)
    missing = [
        n for n in CUDA_RUNTIME if not any(c.startswith((f"lib{n}.", f"{n}64_")) for c in copied)
    ]
    if missing:
        raise BuildError(f"the CUDA runtime ({', '.join(missing)}) is not in {toolkit}")


def run_pyinstaller(python: Path, with_compat: bool, dist: Path, gpu: str | None = None) -> Path:
    """Freeze the app with the spec; return the bundle (folder or .app)."""
    env = dict(os.environ)
    env["CHATAPP_COMPAT_LIB_DIR"] = str(COMPAT_LIB_DIR) if with_compat else ""
    env["CHATAPP_GPU_LIB_DIR"] = str(GPU_LIB_DIR) if gpu else ""
    env["CHATAPP_GPU_VARIANT"] = gpu or ""
    env["CHATAPP_I18N_DIR"] = str(I18N_DIR)
    work = BUILD / "pyinstaller"
    run(
        [python, "-m", "PyInstaller", "--noconfirm", "--clean"]
        + ["--distpath", dist, "--workpath", work, SPEC],
        env=env,
    )
    bundle = dist / (f"{APP}.app" if sys.platform == "darwin" else APP)
    if not bundle.exists():
        raise BuildError(f"PyInstaller made no {bundle}")
    return bundle


def platform_tag() -> str:
    """linux-x86_64, windows-x86_64, macos-arm64, ..."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    if system.startswith("linux"):
        system = "linux"
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"{system}-{machine}"


def app_version() -> str:
    """chatapp.__version__, read without importing the package."""
    for line in (ROOT / "chatapp" / "__init__.py").read_text(encoding="utf-8").splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise BuildError("no __version__ in chatapp/__init__.py")


def make_archive(bundle: Path, dist: Path, gpu: str | None = None) -> Path:
    """dist/ChatApp-<version>-<os>-<arch>[-<gpu>].tar.gz (Linux) or .zip (Windows, macOS)."""
    stem = dist / f"{APP}-{app_version()}-{platform_tag()}{f'-{gpu}' if gpu else ''}"
    if sys.platform.startswith("linux"):
        archive = stem.with_name(stem.name + ".tar.gz")
        log(f"writing {archive}")
        with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
            tar.add(bundle, arcname=bundle.name)
        return archive
    archive = stem.with_name(stem.name + ".zip")
    archive.unlink(missing_ok=True)
    if sys.platform == "darwin":
        # ditto keeps the .app's symlinks, permissions and code signature intact.
        run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", bundle, archive])
        return archive
    log(f"writing {archive}")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(bundle.rglob("*")):
            zf.write(path, path.relative_to(bundle.parent))
    return archive


def folder_size(path: Path) -> int:
    """Bytes of all regular files below ``path`` (symlinks not followed)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


if __name__ == "__main__":
    sys.exit(main())
