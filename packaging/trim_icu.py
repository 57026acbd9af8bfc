"""Shrink Qt's ICU data library (``libicudata.so.NN``, 31 MB) for the Linux bundle.

Qt links ICU, but a QtWidgets app that shows English text uses little of ICU's data: Qt
formats with its own CLDR tables and breaks lines with its own code; ICU's data serves
collation (QCollator), legacy text encodings and the names of things in ~800 locales.
This keeps the root and English locales, the root collation, the normalization,
property, break-rule and time zone data and the small code pages, and removes the rest
(other locales' names and collation tailorings, transliteration, spell-out rules, CJK
dictionaries and big legacy code pages): 31 MB becomes about 4 MB.

The data is one symbol, ``icudtNN_dat``, in the library: it is extracted, trimmed with
ICU's ``icupkg`` (Debian: icu-devtools) and linked back into a library with the same
SONAME. Used by packaging/chatapp.spec on Linux; without icupkg or a C compiler the
library is left as it is.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

# Whole trees of locale data ChatApp does not show.
REMOVED_TREES = ("curr", "lang", "region", "unit", "zone", "translit", "rbnf")
# A locale's own bundle (de.res, zh_Hant_TW.res); the data files have longer names.
LOCALE_BUNDLE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_([A-Z]{2}|\d{3}))?(_[A-Z0-9]+)?\.res$")
KEPT_LOCALES = ("en",)
BIG_CODE_PAGE = 64 * 1024


def _removable(item: str, size: int) -> bool:
    """Whether the package item ``item`` (e.g. ``coll/de.res``) can go."""
    parts = item.split("/")
    if parts[0] == "coll":  # the root collation (every locale falls back to it) stays
        return parts[-1] not in ("root.res", "ucadata.icu", "res_index.res") and not (
            parts[-1].startswith(tuple(f"{locale}." for locale in KEPT_LOCALES))
        )
    if parts[0] in REMOVED_TREES:
        return True
    if parts[0] == "brkitr":
        return item.endswith(".dict")  # word dictionaries for CJK, Thai, Khmer, ...
    name = parts[-1]
    if len(parts) == 1 and LOCALE_BUNDLE.match(name):
        return not name.startswith(tuple(f"{locale}." for locale in KEPT_LOCALES)) and not (
            name.startswith(tuple(f"{locale}_" for locale in KEPT_LOCALES))
        )
    return name.endswith(".cnv") and size >= BIG_CODE_PAGE


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudtNN_dat symbol."""
    symbols = subprocess.run(
        ["nm", "-S", "-D", "--defined-only", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", symbols, re.M)
    if not match:
        raise RuntimeError(f"no icudtNN_dat symbol in {library}")
    address, size, name = int(match.group(1), 16), int(match.group(2), 16), match.group(3)
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == ".rodata":
            section_address, section_offset = int(fields[3], 16), int(fields[4], 16)
            return name, address - section_address + section_offset, size
    raise RuntimeError(f"no .rodata section in {library}")


def trim_icu_data(library: Path) -> tuple[int, int] | None:
    """Replace ``library`` by a trimmed copy; return (bytes before, after), or None when
    the tools are missing."""
    icupkg, compiler = shutil.which("icupkg"), shutil.which("cc") or shutil.which("gcc")
    if not (icupkg and compiler and shutil.which("nm") and shutil.which("readelf")):
        return None
    symbol, offset, size = _data_symbol(library)
    soname = library.name  # libicudata.so.73
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        package = work / f"{symbol[:-4]}l.dat"  # icudt73l.dat: the name icupkg expects
        with library.open("rb") as source:
            source.seek(offset)
            package.write_bytes(source.read(size))
        listing = subprocess.run(
            [icupkg, "-l", str(package)], capture_output=True, text=True, check=True
        ).stdout.split()
        extracted = work / "items"
        extracted.mkdir()
        subprocess.run([icupkg, "-x", "*", "-d", str(extracted), str(package)], check=True)
        remove = [item for item in listing if _removable(item, (extracted / item).stat().st_size)]
        (work / "remove.txt").write_text("\n".join(remove) + "\n", encoding="utf-8")
        # icupkg names the items after the output file: it must be icudtNNl.dat again.
        trimmed = work / "out" / package.name
        trimmed.parent.mkdir()
        subprocess.run(
            [icupkg, "--ignore-deps", "-r", str(work / "remove.txt"), str(package), str(trimmed)],
            check=True,
            capture_output=True,
        )
        assembly = work / "icudata.S"
        assembly.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{trimmed}"\n'
            f"\t.size {symbol}, . - {symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="utf-8",
        )
        output = work / soname
        subprocess.run(
            [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-s"]
            + ["-o", str(output), str(assembly)],
            check=True,
        )
        before = library.stat().st_size
        shutil.copyfile(output, library)
    return before, library.stat().st_size
