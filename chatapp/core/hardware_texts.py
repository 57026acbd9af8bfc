"""What chatapp.core.hardware says about GPUs that cannot be used, marked for
translation (chatapp.core.messages)."""

from __future__ import annotations

from chatapp.core.messages import QT_TRANSLATE_NOOP

NO_FAKE_GPU = QT_TRANSLATE_NOOP("core", "no GPU is given in {variable}")
CPU_ONLY_UNUSED_GPU = QT_TRANSLATE_NOOP(
    "core", "this build of llama.cpp is CPU-only, so the {vendors} GPU goes unused"
)
CPU_ONLY = QT_TRANSLATE_NOOP("core", "this build of llama.cpp is CPU-only")
NO_USABLE_GPU = QT_TRANSLATE_NOOP("core", "llama.cpp found no GPU it can use")
# "an" fits all of NVIDIA, AMD, Apple and Intel.
CPU_ONLY_BUILD = QT_TRANSLATE_NOOP(
    "core",
    "This machine has an {vendor} GPU, but this build of llama.cpp is CPU-only: reinstall it "
    "with {install}",
)
OTHER_BUILD = QT_TRANSLATE_NOOP(
    "core",
    "This machine has an {vendor} GPU, but this build of llama.cpp is built for {backends} "
    "only: reinstall it with {install}",
)
