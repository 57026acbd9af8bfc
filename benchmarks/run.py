"""Run ``chatapp bench`` from a checkout: ``python benchmarks/run.py [--quick] [--model PATH]``.

The code lives in ``chatapp/bench/`` (so installed apps have it too); this only calls it.
Results go to ``benchmarks/results/latest.json`` and ``latest.md`` unless ``--json`` says
otherwise. See benchmarks/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chatapp.cli import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if "--json" not in args:
        args += ["--json", str(Path(__file__).resolve().parent / "results" / "latest.json")]
    sys.argv = ["chatapp", "bench", *args]  # the command the report names
    sys.exit(main(sys.argv[1:]))
