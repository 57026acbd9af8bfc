"""Load a model the way the user would want: GPU layers from the memory-fit plan (when
they are on Auto), a lower count or the CPU when that runs out of memory, and the
catalog's chat template for catalog models."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, replace
from pathlib import Path

from chatapp.core.catalog import Catalog, CatalogError, load_catalog
from chatapp.core.engine import ChatEngine, ModelInfo
from chatapp.core.gguf_info import check_model_file
from chatapp.core.gpu_plan import OffloadPlan, plan_for_hardware
from chatapp.core.hardware import HardwareInfo, detect_hardware
from chatapp.core.load_fallback import load_with_fallback
from chatapp.core.load_progress import ProgressCallback
from chatapp.core.paths import is_saved_as
from chatapp.core.settings import LoadParams

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadOutcome:
    """A loaded model, the plan it was loaded by (None for a manual layer count), and a
    notice for the user when the plan had to give way."""

    info: ModelInfo
    plan: OffloadPlan | None
    notice: str | None
    hardware: HardwareInfo | None = None


def catalog_template_for(path: Path, catalog: Catalog | None) -> str | None:
    """The catalog's template override for a model downloaded from the catalog (saved
    where ChatApp keeps its repository's file)."""
    if catalog is None:
        try:
            catalog = load_catalog()
        except CatalogError:
            return None
    for entry in catalog.entries:
        if entry.repo and is_saved_as(path, entry.repo, entry.file):
            return entry.template
    return None


def load_planned(
    engine: ChatEngine,
    path: str | os.PathLike[str],
    params: LoadParams,
    *,
    catalog: Catalog | None = None,
    hardware: HardwareInfo | None = None,
    progress: ProgressCallback | None = None,
) -> LoadOutcome:
    """Load ``path``; with ``params.n_gpu_layers`` None the plan picks the layers.
    Raises ModelFileError / EngineError / LoadCancelledError like :meth:`ChatEngine.load`
    (``progress`` starts again from 0.0 when a load is retried with fewer GPU layers)."""
    gguf = check_model_file(path)
    template = catalog_template_for(gguf.path, catalog)
    if params.n_gpu_layers is not None:
        info = engine.load(gguf.path, params, catalog_format=template, progress=progress)
        return LoadOutcome(info, None, None, hardware)
    hardware = hardware or detect_hardware()
    plan = plan_for_hardware(gguf, params.n_ctx, hardware, flash_attn=params.flash_attn)
    log.info("plan for %s: %s", gguf.path.name, plan.reason)
    result = load_with_fallback(
        lambda layers: engine.load(
            gguf.path,
            replace(params, n_gpu_layers=layers),
            catalog_format=template,
            progress=progress,
        ),
        plan,
    )
    notice = result.notice
    if not plan.fits and notice is None:
        notice = plan.reason
    return LoadOutcome(result.value, plan, notice, hardware)
