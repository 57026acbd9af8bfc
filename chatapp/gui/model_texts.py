"""The model picker's texts made from core data, in the window's language: sizes and
numbers through ``QLocale()``, words through Qt's translation ("ModelTexts" context).

The core says the same things in English for the terminal (``describe_size``,
``fit_phrase``, ``RepoDetails.summary``...); the window makes its own sentences from the
data, so that the core stays free of Qt. Catalog names and descriptions come from
resources/catalog.json and are translated by their text in the "catalog" context
(listed for lupdate in ``chatapp.gui.catalog_texts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QObject

from chatapp.core.catalog import CatalogEntry, fit_hint
from chatapp.core.hub_files import HubModelFile, describe_parameters
from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.model_fit import FitMemory
from chatapp.core.model_library import InstalledModel
from chatapp.gui.download_manager import DownloadState, DownloadStatus
from chatapp.gui.i18n import message_text, number_text, size_text, window_locale

if TYPE_CHECKING:  # the hub search is imported when its tab opens
    from chatapp.core.hub_search import RepoDetails

translate = QCoreApplication.translate

CONTEXT = "ModelTexts"
CATALOG_CONTEXT = "catalog"
SEPARATOR = " · "
# What a model runs in (the second value of the picker's memory: "RAM" or "GPU memory").
MEMORY_NAMES = (
    QT_TRANSLATE_NOOP("ModelTexts", "RAM"),
    QT_TRANSLATE_NOOP("ModelTexts", "GPU memory"),
)


class ModelTexts(QObject):
    """The texts with a count (context "ModelTexts"): lupdate reads a ``%n`` plural
    from ``tr()`` only, not from ``translate()``."""

    def parts(self, count: int) -> str:
        return self.tr("%n part(s)", "", count)


def date_text(date: QDate) -> str:
    """A date in the window locale's short form."""
    return window_locale().toString(date, QLocale.FormatType.ShortFormat)


def catalog_text(text: str) -> str:
    """A catalog entry's name or description in the window's language (as it is when the
    catalogue has no translation for it, e.g. a catalog refreshed from the hub)."""
    return translate(CATALOG_CONTEXT, text) if text else ""  # i18n: checked


def fit_text(needed_bytes: int, memory_bytes: int, where: str) -> str:
    """e.g. "fits your 16.0 GiB RAM" or "too big for your 8.0 GiB GPU memory"."""
    values = {
        "size": size_text(memory_bytes),
        "memory": translate(CONTEXT, where),  # i18n: checked (MEMORY_NAMES)
    }
    hint = fit_hint(needed_bytes, memory_bytes)
    if hint == "fits":
        return translate("ModelTexts", "fits your {size} {memory}").format(**values)
    if hint == "tight":
        return translate("ModelTexts", "tight for your {size} {memory}").format(**values)
    return translate("ModelTexts", "too big for your {size} {memory}").format(**values)


def needs_text(needed_bytes: int, fit: str) -> str:
    return translate("ModelTexts", "needs ~{size} memory: {fit}").format(
        size=size_text(needed_bytes), fit=fit
    )


def parameters_text(parameters: str) -> str:
    return (
        translate("ModelTexts", "{count} parameters").format(count=parameters) if parameters else ""
    )


def context_text(tokens: int | None) -> str:
    return (
        translate("ModelTexts", "context {tokens}").format(tokens=number_text(tokens))
        if tokens
        else ""
    )


def catalog_details(entry: CatalogEntry, memory: tuple[int, str]) -> str:
    """A catalog row's details: size, quantization, parameters, context, fit, licence."""
    size, where = memory
    parts = [
        size_text(entry.size_bytes),
        entry.quantization,
        parameters_text(entry.parameters),
        context_text(entry.context_length),
        needs_text(entry.ram_bytes, fit_text(entry.ram_bytes, size, where)),
        entry.license,
    ]
    return SEPARATOR.join(p for p in parts if p)


def hub_model_details(model: HubModelFile, memory: FitMemory) -> str:
    """A hub model's row details: parts, size, quantization and whether it fits."""
    count = len(model.files) + len(model.missing)
    parts = [
        ModelTexts().parts(count) if model.is_split else "",
        size_text(model.size) if model.size else translate("ModelTexts", "size unknown"),
        model.quantization,
    ]
    if model.memory_needed:
        fit = fit_text(model.memory_needed, memory.size, memory.where)
        parts.append(needs_text(model.memory_needed, fit))
    return SEPARATOR.join(p for p in parts if p)


def repo_summary(details: RepoDetails) -> str:
    """One line: licence, gate, architecture, parameters, context."""
    parts = [
        translate("ModelTexts", "licence: {licence}").format(licence=details.license)
        if details.license
        else translate("ModelTexts", "licence: not stated"),
        translate("ModelTexts", "gated ({how})").format(how=details.gated)
        if details.is_gated
        else translate("ModelTexts", "not gated"),
        details.architecture or "",
        parameters_text(describe_parameters(details.parameters)),
        context_text(details.context_length),
    ]
    return SEPARATOR.join(p for p in parts if p)


def access_note(details: RepoDetails, has_token: bool) -> str | None:
    """How to get access to a gated repository (None when it is not gated)."""
    if not details.is_gated:
        return None
    values = {"repo": details.repo, "page": f"{details.endpoint}/{details.repo}"}
    if has_token:
        return translate(
            "ModelTexts",
            "{repo} is gated: downloads work once the account of your token has accepted "
            "its licence at {page}",
        ).format(**values)
    return translate(
        "ModelTexts",
        "{repo} is gated: sign in at {page}, accept its licence, then add your access token "
        "with Hub token... in the model picker (terminal: HF_TOKEN)",
    ).format(**values)


def installed_details(model: InstalledModel) -> str:
    """An installed model in a few words: size, quantization, architecture, context."""
    parts = [
        size_text(model.size),
        model.quantization or "",
        model.architecture or "",
        context_text(model.context_length),
    ]
    return SEPARATOR.join(p for p in parts if p)


def progress_line(state: DownloadState) -> str:
    """Bytes, speed and time left, or why the download is stopped."""
    progress = state.progress
    if state.status is DownloadStatus.FAILED:
        return message_text(state.error) if state.error else translate("ModelTexts", "failed")
    if state.status is DownloadStatus.QUEUED:
        return translate("ModelTexts", "waiting for the download before it...")
    if progress is None:
        return ""
    total = size_text(progress.total) if progress.total else "?"
    done = size_text(progress.done)
    if state.status is DownloadStatus.PAUSED:
        return translate("ModelTexts", "paused at {done} of {total}").format(done=done, total=total)
    if progress.phase == "resolving":
        return translate("ModelTexts", "asking the hub...")
    if progress.phase == "verifying":
        return translate("ModelTexts", "verifying {file}...").format(file=progress.file)
    speed = ""
    if progress.bytes_per_second:
        speed = translate("ModelTexts", "{size}/s").format(
            size=size_text(progress.bytes_per_second)
        )
    eta = progress.eta_seconds
    left = ""
    if eta is not None and eta < 90:
        left = translate("ModelTexts", "{seconds} s left").format(seconds=number_text(round(eta)))
    elif eta is not None:
        left = translate("ModelTexts", "{minutes} min left").format(
            minutes=number_text(round(eta / 60))
        )
    amount = translate("ModelTexts", "{done} of {total}").format(done=done, total=total)
    return SEPARATOR.join(p for p in (amount, speed, left) if p)
