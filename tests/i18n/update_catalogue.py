"""Bring resources/i18n/chatapp_<language>.ts up to date with the sources.

    .venv/bin/python -m tests.i18n.update_catalogue            # new strings in, gone ones out
    .venv/bin/python -m tests.i18n.update_catalogue --keep-vanished

chatapp_en.ts holds only the plural entries (``%n``): write their English singular and
plural forms there. New strings come in unfinished (lupdate fills in the translation of a similar old string
where it finds one, still unfinished); strings no longer in the code are dropped unless
``--keep-vanished`` (then a translator can reuse them; the check fails until they go).
Translate with Qt Linguist (``.venv/bin/pyside6-linguist resources/i18n/chatapp_zh_CN.ts``)
or by editing the XML; tests/i18n/test_translations.py checks the result.
"""

from __future__ import annotations

import argparse
import sys

from tests.i18n.catalogue import CATALOGUE_DIR, CATALOGUES, catalogue, lupdate_args, run_lupdate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep-vanished", action="store_true")
    args = parser.parse_args(argv)
    CATALOGUE_DIR.mkdir(parents=True, exist_ok=True)
    for language in CATALOGUES:
        extra = () if args.keep_vanished else ("-no-obsolete",)
        print(run_lupdate(catalogue(language), *lupdate_args(language), *extra).strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
