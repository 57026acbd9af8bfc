"""Why a file is not a model llama.cpp can load, in words for the user (the templates of
chatapp.core.gguf_info's ModelFileErrors, marked for translation: chatapp.core.messages)."""

from __future__ import annotations

from chatapp.core.messages import QT_TRANSLATE_NOOP

UNKNOWN_ARCHITECTURE = QT_TRANSLATE_NOOP(
    "core",
    "{name} uses the model architecture '{architecture}', which this build of llama.cpp "
    "does not know: a newer llama.cpp is needed (pip install --upgrade llama-cpp-python).",
)
MISSING_KEY = QT_TRANSLATE_NOOP(
    "core",
    "{name} lacks the metadata key {keys} that llama.cpp needs: the file was converted "
    "wrongly; download or convert it again.",
)
NOT_FOUND = QT_TRANSLATE_NOOP(
    "core",
    "Model file not found: {path}. Check the path (use quotes around paths with spaces), or "
    "download a model.",
)
PATH_TOO_LONG = QT_TRANSLATE_NOOP("core", "The model path is too long: {path}")
CANNOT_OPEN = QT_TRANSLATE_NOOP("core", "Cannot open {path}: {reason}.")
FOLDER = QT_TRANSLATE_NOOP(
    "core", "{path} is a folder, not a model file: give the path of the .gguf file inside it."
)
EMPTY = QT_TRANSLATE_NOOP(
    "core", "{name} is empty (0 bytes): its download failed; download it again."
)
NO_PERMISSION = QT_TRANSLATE_NOOP(
    "core",
    "No permission to read {path}: check the file's permissions or move it to a folder you own.",
)
WEB_PAGE = QT_TRANSLATE_NOOP(
    "core",
    "{name} is a web page, not a model; a 'blob' link was probably saved instead of the "
    "'resolve' download link. Download it again with the '/resolve/' link or the model "
    "picker.",
)
LFS_POINTER = QT_TRANSLATE_NOOP(
    "core",
    "{name} is a Git LFS pointer (a small text file), not the model: the repository was "
    "cloned without Git LFS. Run 'git lfs pull' or download the file itself.",
)
JSON_FILE = QT_TRANSLATE_NOOP(
    "core",
    "{name} is a JSON text file, not a model (a tokenizer.json or config?): give the .gguf "
    "model file.",
)
SAFETENSORS = QT_TRANSLATE_NOOP(
    "core",
    "{name} is a safetensors file, not GGUF: llama.cpp needs a GGUF; download a GGUF version "
    "of the model (or convert it with llama.cpp's convert_hf_to_gguf.py).",
)
PYTORCH = QT_TRANSLATE_NOOP(
    "core",
    "{name} is a PyTorch checkpoint, not GGUF: llama.cpp needs a GGUF; download a GGUF "
    "version of the model.",
)
ZIP = QT_TRANSLATE_NOOP(
    "core",
    "{name} is a zip archive, not a GGUF model: unzip it and give the .gguf file inside, or "
    "download a .gguf file.",
)
GGML = QT_TRANSLATE_NOOP(
    "core",
    "{name} is in the old GGML format, which llama.cpp no longer reads: download the GGUF "
    "version of the model.",
)
NOT_GGUF = QT_TRANSLATE_NOOP(
    "core",
    "{name} is not a GGUF model file (it starts with bytes {magic}, not 'GGUF'): download a "
    ".gguf file.",
)
NOT_UTF8 = QT_TRANSLATE_NOOP(
    "core",
    "{name} is a damaged GGUF file: the text at byte {start} of its header ({text}) is not "
    "valid UTF-8, so llama.cpp cannot load it; download or convert it again.",
)
HEADER_CUT = QT_TRANSLATE_NOOP(
    "core",
    "{name} is an incomplete download: the file ends inside its header after {size} bytes. "
    "Download it again.",
)
DAMAGED = QT_TRANSLATE_NOOP("core", "{name} is a damaged GGUF file ({error}): download it again.")
VERSION = QT_TRANSLATE_NOOP(
    "core",
    "{name} is GGUF version {version}, which this llama.cpp cannot read (it reads versions 2 "
    "and 3): get a newer llama.cpp or another file.",
)
BAD_COUNTS = QT_TRANSLATE_NOOP(
    "core", "{name} is a damaged GGUF file (impossible entry counts): download it again."
)
INCOMPLETE = QT_TRANSLATE_NOOP(
    "core",
    "{name} is an incomplete download: {size} of {expected} bytes. Resume or restart the download.",
)
