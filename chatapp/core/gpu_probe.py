"""Is there a GPU that a Vulkan or CUDA build of llama.cpp could use? Asked at start,
before ``llama_cpp`` is imported, with nothing but the system's own drivers.

The Vulkan probe goes through the Vulkan loader (``libvulkan.so.1``, ``vulkan-1.dll``)
with ctypes: create an instance, list the physical devices, read their type and Vulkan
version, destroy the instance. It follows ggml's rules (ggml-vulkan.cpp): Vulkan 1.2 or
newer, and CPU-type devices (Mesa's llvmpipe) only where ``GGML_VK_VISIBLE_DEVICES``
names them. The CUDA probe initialises the driver API (``libcuda.so.1``, ``nvcuda.dll``)
and counts the devices. Neither loads any part of llama.cpp.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

VK_VISIBLE_ENV = "GGML_VK_VISIBLE_DEVICES"
# VkPhysicalDeviceType
VK_DEVICE_TYPES = {0: "other", 1: "integrated GPU", 2: "discrete GPU", 3: "virtual GPU", 4: "CPU"}
VK_TYPE_CPU = 4
VK_MIN_VERSION = (1, 2)  # ggml-vulkan: "Vulkan 1.2 required"
_VK_STRUCTURE_TYPE_APPLICATION_INFO = 0
_VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO = 1


@dataclass(frozen=True)
class VulkanDevice:
    """A Vulkan physical device as the loader lists it."""

    index: int
    name: str
    kind: str
    api_version: tuple[int, int, int]


@dataclass(frozen=True)
class GpuCheck:
    """Whether a GPU build can be used here, the devices seen, and why (one line)."""

    backend: str  # "vulkan" or "cuda"
    usable: bool
    reason: str
    devices: list[str] = field(default_factory=list)


def _vk_version(packed: int) -> tuple[int, int, int]:
    return ((packed >> 22) & 0x7F, (packed >> 12) & 0x3FF, packed & 0xFFF)


class _ApplicationInfo(ctypes.Structure):
    _fields_ = [
        ("sType", ctypes.c_int),
        ("pNext", ctypes.c_void_p),
        ("pApplicationName", ctypes.c_char_p),
        ("applicationVersion", ctypes.c_uint32),
        ("pEngineName", ctypes.c_char_p),
        ("engineVersion", ctypes.c_uint32),
        ("apiVersion", ctypes.c_uint32),
    ]


class _InstanceCreateInfo(ctypes.Structure):
    _fields_ = [
        ("sType", ctypes.c_int),
        ("pNext", ctypes.c_void_p),
        ("flags", ctypes.c_uint32),
        ("pApplicationInfo", ctypes.POINTER(_ApplicationInfo)),
        ("enabledLayerCount", ctypes.c_uint32),
        ("ppEnabledLayerNames", ctypes.c_void_p),
        ("enabledExtensionCount", ctypes.c_uint32),
        ("ppEnabledExtensionNames", ctypes.c_void_p),
    ]


class _DevicePropertiesHead(ctypes.Structure):
    """The first fields of VkPhysicalDeviceProperties (the rest is read into padding)."""

    _fields_ = [
        ("apiVersion", ctypes.c_uint32),
        ("driverVersion", ctypes.c_uint32),
        ("vendorID", ctypes.c_uint32),
        ("deviceID", ctypes.c_uint32),
        ("deviceType", ctypes.c_int),
        ("deviceName", ctypes.c_char * 256),
    ]


def _vulkan_loader_names() -> list[str]:
    if sys.platform == "win32":
        return ["vulkan-1.dll"]
    if sys.platform == "darwin":
        return ["libvulkan.1.dylib", "libMoltenVK.dylib"]
    return ["libvulkan.so.1"]


def _open_first(names: list[str]) -> ctypes.CDLL | None:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError as exc:
            log.debug("cannot open %s: %s", name, exc)
    return None


def list_vulkan_devices(
    loader: ctypes.CDLL | None = None,
) -> tuple[list[VulkanDevice] | None, str]:
    """The Vulkan devices and an empty string, or ``None`` and why they cannot be listed."""
    vulkan = loader or _open_first(_vulkan_loader_names())
    if vulkan is None:
        return None, f"no Vulkan loader ({' or '.join(_vulkan_loader_names())})"
    try:
        version = ctypes.c_uint32(0)
        enumerate_version = getattr(vulkan, "vkEnumerateInstanceVersion", None)
        if enumerate_version is None or enumerate_version(ctypes.byref(version)) != 0:
            return None, "the Vulkan loader is older than Vulkan 1.1"
        if _vk_version(version.value)[:2] < VK_MIN_VERSION:
            found = ".".join(map(str, _vk_version(version.value)[:2]))
            return None, f"the Vulkan loader supports Vulkan {found}; llama.cpp needs 1.2"
        app = _ApplicationInfo(
            _VK_STRUCTURE_TYPE_APPLICATION_INFO, None, b"ChatApp", 1, b"probe", 0, 1 << 22 | 2 << 12
        )
        create = _InstanceCreateInfo(
            _VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, None, 0, ctypes.pointer(app), 0, None, 0, None
        )
        instance = ctypes.c_void_p()
        result = vulkan.vkCreateInstance(ctypes.byref(create), None, ctypes.byref(instance))
        if result != 0:
            return None, f"no Vulkan driver could start (vkCreateInstance returned {result})"
        try:
            return _physical_devices(vulkan, instance), ""
        finally:
            vulkan.vkDestroyInstance.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
            vulkan.vkDestroyInstance(instance, None)
    except (AttributeError, OSError) as exc:
        return None, f"the Vulkan loader cannot be used: {exc}"


def _physical_devices(vulkan: ctypes.CDLL, instance: ctypes.c_void_p) -> list[VulkanDevice]:
    enumerate_devices = vulkan.vkEnumeratePhysicalDevices
    enumerate_devices.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint32), ctypes.c_void_p]
    count = ctypes.c_uint32(0)
    if enumerate_devices(instance, ctypes.byref(count), None) not in (0, 5) or not count.value:
        return []
    handles = (ctypes.c_void_p * count.value)()
    if enumerate_devices(instance, ctypes.byref(count), handles) not in (0, 5):
        return []
    properties = vulkan.vkGetPhysicalDeviceProperties
    properties.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    properties.restype = None
    devices = []
    for index in range(count.value):
        buffer = (ctypes.c_ubyte * 4096)()  # VkPhysicalDeviceProperties is about 820 bytes
        properties(handles[index], buffer)
        head = _DevicePropertiesHead.from_buffer(buffer)
        devices.append(
            VulkanDevice(
                index=index,
                name=head.deviceName.decode("utf-8", errors="replace"),
                kind=VK_DEVICE_TYPES.get(head.deviceType, "other"),
                api_version=_vk_version(head.apiVersion),
            )
        )
    return devices


def visible_indices(environ: Mapping[str, str]) -> list[int] | None:
    """The device indices ``GGML_VK_VISIBLE_DEVICES`` names (None when it is not set)."""
    text = environ.get(VK_VISIBLE_ENV)
    if text is None:
        return None
    return [int(part) for part in text.split(",") if part.strip().isdigit()]


def usable_vulkan_devices(
    devices: list[VulkanDevice], environ: Mapping[str, str]
) -> list[VulkanDevice]:
    """The devices ggml's Vulkan backend would use: the ones ``GGML_VK_VISIBLE_DEVICES``
    names, else every device that is not a CPU; Vulkan 1.2 or newer in both cases."""
    named = visible_indices(environ)
    chosen = (
        [d for d in devices if d.index in named]
        if named is not None
        else [d for d in devices if d.kind != "CPU"]
    )
    return [d for d in chosen if d.api_version[:2] >= VK_MIN_VERSION]


def check_vulkan(environ: Mapping[str, str] | None = None) -> GpuCheck:
    """Whether ggml's Vulkan backend would find a device here."""
    env = os.environ if environ is None else environ
    devices, problem = list_vulkan_devices()
    if devices is None:
        return GpuCheck("vulkan", False, problem)
    names = [f"{d.name} ({d.kind}, Vulkan {'.'.join(map(str, d.api_version))})" for d in devices]
    usable = usable_vulkan_devices(devices, env)
    if usable:
        return GpuCheck("vulkan", True, f"Vulkan device {usable[0].name}", names)
    if not devices:
        return GpuCheck("vulkan", False, "no Vulkan device", names)
    if all(d.kind == "CPU" for d in devices) and visible_indices(env) is None:
        why = f"the only Vulkan devices are CPU renderers ({', '.join(d.name for d in devices)})"
        return GpuCheck("vulkan", False, why, names)
    return GpuCheck("vulkan", False, f"no Vulkan 1.2 GPU among {', '.join(names)}", names)


def check_cuda() -> GpuCheck:
    """Whether the NVIDIA driver is installed and reports a CUDA device."""
    names = ["nvcuda.dll"] if sys.platform == "win32" else ["libcuda.so.1", "libcuda.so"]
    driver = _open_first(names)
    if driver is None:
        return GpuCheck("cuda", False, "no NVIDIA CUDA driver")
    try:
        if driver.cuInit(0) != 0:
            return GpuCheck("cuda", False, "the NVIDIA CUDA driver did not start (cuInit)")
        count = ctypes.c_int(0)
        if driver.cuDeviceGetCount(ctypes.byref(count)) != 0 or count.value < 1:
            return GpuCheck("cuda", False, "the NVIDIA CUDA driver reports no device")
        version = ctypes.c_int(0)
        driver.cuDriverGetVersion(ctypes.byref(version))
    except (AttributeError, OSError) as exc:
        return GpuCheck("cuda", False, f"the NVIDIA CUDA driver cannot be used: {exc}")
    release = f"{version.value // 1000}.{version.value % 1000 // 10}"
    plural = "s" if count.value > 1 else ""
    return GpuCheck("cuda", True, f"{count.value} CUDA device{plural} (driver CUDA {release})")


def check_gpu(backend: str, environ: Mapping[str, str] | None = None) -> GpuCheck:
    """:func:`check_vulkan` or :func:`check_cuda` by name."""
    if backend == "cuda":
        return check_cuda()
    if backend == "vulkan":
        return check_vulkan(environ)
    return GpuCheck(backend, False, f"no probe for {backend}")
