"""Resumable, verified downloads from the Hugging Face hub or a mirror.

Built on huggingface_hub's public pieces (``hf_hub_url``, ``get_hf_file_metadata``,
``HfApi.model_info``, its shared HTTP session, headers and error types), so endpoint,
token, proxies, user agent and errors behave as the hub client's own.

    endpoints  which hub, which token          names     safe names, where files go
    hub        what the hub says about a file  failures  exceptions as one-line errors
    locking    one download of a file at once  partials  the partial file between runs
    stream     the body, with resume and retry verify    first bytes, hashes, contents
    fetch      a file or a model, start to finish
"""

from chatapp.core.downloads.endpoints import (
    DEFAULT_ENDPOINT,
    KNOWN_ENDPOINTS,
    MIRROR_ENDPOINT,
    HubAccess,
    hub_access,
    resolve_endpoint,
)
from chatapp.core.downloads.errors import DownloadError, DownloadErrorKind, DownloadStopped
from chatapp.core.downloads.failures import describe_remote_failure, describe_write_failure
from chatapp.core.downloads.fetch import (
    DISK_MARGIN,
    check_disk_space,
    download_file,
    download_model,
)
from chatapp.core.downloads.hub import RemoteFile, fetch_remote_file
from chatapp.core.downloads.locking import busy_error, download_in_progress, download_lock
from chatapp.core.downloads.names import (
    LOCK_SUFFIX,
    PART_SUFFIX,
    SIDECAR_SUFFIX,
    DownloadRequest,
    check_repo_id,
    lock_path,
    parse_hub_spec,
    partial_path,
    sidecar_path,
    target_path,
)
from chatapp.core.downloads.partials import discard_partial, partial_size
from chatapp.core.downloads.progress import DownloadProgress, ProgressCallback
from chatapp.core.downloads.verify import (
    check_gguf_download,
    check_tokenizer_download,
    default_check,
)

__all__ = [
    "DEFAULT_ENDPOINT",
    "DISK_MARGIN",
    "KNOWN_ENDPOINTS",
    "LOCK_SUFFIX",
    "MIRROR_ENDPOINT",
    "PART_SUFFIX",
    "SIDECAR_SUFFIX",
    "DownloadError",
    "DownloadErrorKind",
    "DownloadProgress",
    "DownloadRequest",
    "DownloadStopped",
    "HubAccess",
    "ProgressCallback",
    "RemoteFile",
    "busy_error",
    "check_disk_space",
    "check_gguf_download",
    "check_repo_id",
    "check_tokenizer_download",
    "default_check",
    "describe_remote_failure",
    "describe_write_failure",
    "discard_partial",
    "download_file",
    "download_in_progress",
    "download_lock",
    "download_model",
    "fetch_remote_file",
    "hub_access",
    "lock_path",
    "parse_hub_spec",
    "partial_path",
    "partial_size",
    "resolve_endpoint",
    "sidecar_path",
    "target_path",
]
