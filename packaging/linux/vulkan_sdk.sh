#!/usr/bin/env bash
# A minimal Vulkan "SDK" folder for compiling llama.cpp's Vulkan backend on Debian 12.
#
# Debian 12's Vulkan headers (1.3.239) are too old for the llama.cpp in llama-cpp-python
# 0.3.36 (it needs VK_EXT_layer_settings). This unpacks Debian 13's libvulkan-dev
# (headers 1.4.309; checked by SHA-256) without installing it and lays out
#   <folder>/include/vulkan/...   the 1.4.309 headers
#   <folder>/lib/libvulkan.so     -> the system's loader (apt: libvulkan1)
# so that CMake's FindVulkan finds both with VULKAN_SDK=<folder>. glslc comes from apt.
# Usage: packaging/linux/vulkan_sdk.sh <folder>   (prints the folder; does nothing twice)
set -euo pipefail
folder="${1:?usage: vulkan_sdk.sh <folder>}"
url="http://deb.debian.org/debian/pool/main/v/vulkan-loader/libvulkan-dev_1.4.309.0-1_amd64.deb"
sha256="8d329d465e16168afff58b1bd0dd6db46aac2cc3f56054a481b25a04e90b345a"

if [ -f "$folder/include/vulkan/vulkan_core.h" ] && [ -e "$folder/lib/libvulkan.so" ]; then
  echo "$folder"
  exit 0
fi
loader="$(ldconfig -p | awk '/libvulkan\.so\.1 .*x86-64/ {print $NF; exit}')"
if [ -z "$loader" ]; then
  echo "vulkan_sdk.sh: no libvulkan.so.1; install the Vulkan loader (apt: libvulkan1)" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/libvulkan-dev.deb" "$url"
echo "$sha256  $work/libvulkan-dev.deb" | sha256sum --check --quiet
dpkg-deb -x "$work/libvulkan-dev.deb" "$work/root"
mkdir -p "$folder/lib"
rm -rf "$folder/include"
cp -r "$work/root/usr/include" "$folder/include"
ln -sf "$loader" "$folder/lib/libvulkan.so"
echo "$folder"
