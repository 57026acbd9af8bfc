"""Fonts for Simplified Chinese: which installed family draws the Han characters.

Han characters are shared by Chinese, Japanese and Korean but drawn differently in each;
left to itself, a system whose own language is not Chinese may pick a Japanese font.
So the window, in Chinese, asks for the Simplified Chinese UI font of the OS first
(Microsoft YaHei UI, PingFang SC, Noto Sans CJK SC ...), then the usual font. A Linux
desktop may have no Chinese font at all: then the text shows as boxes and the window
says, once and in English (Chinese would be boxes too), which package to install.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase

# The families each OS ships or installs for Simplified Chinese, best first.
PREFERRED = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei", "DengXian", "SimHei", "SimSun"),
    "darwin": ("PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti"),
    "linux": (
        "Noto Sans CJK SC",
        "Source Han Sans SC",
        "Source Han Sans CN",
        "WenQuanYi Micro Hei",
        "WenQuanYi Zen Hei",
        "Droid Sans Fallback",
        "AR PL UMing CN",
    ),
}
SIMPLIFIED_MARKS = (" SC", " CN", " GB", "Hans")

# Deliberately not translated: without a Chinese font a Chinese notice would be boxes.
MISSING_FONT_NOTICE = (
    "ChatApp is set to Chinese, but no Chinese font is installed, so Chinese text shows "
    "as empty boxes. Install the package fonts-noto-cjk (Debian, Ubuntu), "
    "google-noto-sans-cjk-fonts (Fedora), noto-fonts-cjk (Arch) or "
    "noto-sans-cjk-fonts (openSUSE), then restart ChatApp."
)


def _os_key(platform: str) -> str:
    return platform if platform in ("win32", "darwin") else "linux"


def choose_cjk_families(
    installed: Iterable[str], han: Iterable[str], platform: str = sys.platform
) -> list[str]:
    """The families to ask for, best first: the OS's preferred ones that are
    ``installed``, else a Simplified Chinese one among the families that can draw
    ``han`` (QFontDatabase's SimplifiedChinese list), else any of those; [] when none."""
    installed_set = set(installed)
    chosen = [name for name in PREFERRED[_os_key(platform)] if name in installed_set]
    if chosen:
        return chosen
    han_list = [name for name in han if "Mono" not in name and "Serif" not in name] or list(han)
    simplified = [name for name in han_list if any(mark in name for mark in SIMPLIFIED_MARKS)]
    return (simplified or han_list)[:1]


def installed_cjk_families() -> list[str]:
    """The families to ask for on this machine (see ``choose_cjk_families``)."""
    return choose_cjk_families(
        QFontDatabase.families(),
        QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese),
    )


def chinese_font(base: QFont, families: list[str]) -> QFont:
    """``base`` with ``families`` first and its own families after them (Latin text in a
    CJK UI font is drawn by that font; it has Latin letters)."""
    font = QFont(base)
    rest = [name for name in base.families() or [base.family()] if name not in families]
    font.setFamilies([*families, *rest])
    return font


def needs_font_notice(families: list[str], platform: str = sys.platform) -> bool:
    """Whether to tell the user to install a font: Linux without any Chinese family
    (Windows and macOS always ship one)."""
    return not families and _os_key(platform) == "linux"
