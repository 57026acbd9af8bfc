"""ChatEngine: one llama.cpp model, streamed replies, cancellation and KV-cache reuse.

A ChatEngine must be used from a single thread (the GUI's EngineWorker thread, or the
terminal chat's main thread); only ``cancel.set()`` may come from elsewhere.
"""

from __future__ import annotations

import codecs
import ctypes
import logging
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from chatapp.core import engine_texts as texts
from chatapp.core import llama_runtime
from chatapp.core.backend import (  # ReplyStats and ModelInfo are also imported from here
    BackendError,
    FinishReason,
    ModelInfo,
    ReplyStats,
    TokenCount,
)
from chatapp.core.context import ContextOverflowError, fit_messages
from chatapp.core.conversation import OverflowPolicy
from chatapp.core.cpu_load import FreeCores
from chatapp.core.gguf_info import GGUFInfo, check_model_file
from chatapp.core.load_progress import LoadCancelledError, LoadProgress, ProgressCallback, new_llama
from chatapp.core.memory_estimate import engine_context
from chatapp.core.messages import Message as CoreMessage
from chatapp.core.messages import message_of
from chatapp.core.native_paths import path_for_native_code
from chatapp.core.reply_options import ReplyOptions
from chatapp.core.settings import LoadParams, SamplingParams
from chatapp.core.settings_validation import logical_cpu_count
from chatapp.core.starter import shown_name
from chatapp.core.templates import ChatTemplate, Message, TemplateError, choose_template
from chatapp.core.token_text import StopTextFilter as _StopTextFilter
from chatapp.core.token_text import token_piece

log = logging.getLogger(__name__)

# Room kept for a reply when older turns must be dropped to fit the context.
MIN_REPLY_ROOM = 256


@dataclass(frozen=True)
class _ReplyPlan:
    """How one reply is generated once its prompt tokens are known."""

    max_tokens: int
    context_limited: bool
    dropped: int
    stops: tuple[str, ...]
    options: ReplyOptions


class EngineError(BackendError):
    """A failure the user can act on; ``str()`` is a one-line message."""


class ContextFullError(EngineError):
    """The conversation does not fit and its overflow policy says to stop and ask."""


def default_threads() -> int:
    """Physical cores: llama.cpp decodes fastest with one thread per physical core (never
    more than the CPUs this process may use)."""
    import psutil

    physical = psutil.cpu_count(logical=False)
    return max(1, min(physical or logical_cpu_count() // 2 or 1, logical_cpu_count()))


def usable_threads(requested: int | None) -> int:
    """``requested`` threads, at most the logical CPUs (more only slow llama.cpp down);
    ``None`` gives ``default_threads()``."""
    if requested is None:
        return default_threads()
    cpus = logical_cpu_count()
    if requested > cpus:
        log.warning("%d threads asked, %d CPUs: using %d", requested, cpus, cpus)
        return cpus
    return requested


class ChatEngine:
    """Owns one ``llama_cpp.Llama``: load / unload / stream_reply / count_tokens."""

    def __init__(self) -> None:
        self._llm: object | None = None
        self._info: ModelInfo | None = None
        self._template: ChatTemplate | None = None
        self._abort_event: threading.Event | None = None
        self._abort_callback = None
        self._free_cores: FreeCores | None = None  # set while threads are on Auto
        self._threads_in_use = 0

    @property
    def model_info(self) -> ModelInfo | None:
        return self._info

    def describe(self) -> ModelInfo | None:
        """The loaded model (ChatBackend), None while none is loaded."""
        return self._info

    @property
    def is_loaded(self) -> bool:
        return self._llm is not None

    @property
    def template(self) -> ChatTemplate | None:
        return self._template

    @property
    def threads_in_use(self) -> int:
        """llama.cpp's thread count for the latest reply (0 before a model is loaded)."""
        return self._threads_in_use

    def load(
        self,
        path: str | os.PathLike[str],
        params: LoadParams | None = None,
        *,
        catalog_format: str | None = None,
        progress: ProgressCallback | None = None,
    ) -> ModelInfo:
        """Load a GGUF model, replacing any loaded one. Raises ModelFileError / EngineError.

        ``progress`` gets the fraction loaded (0.0 first, 1.0 last); when it returns False
        the load stops with LoadCancelledError (at 0.0: the loaded model is kept)."""
        params = params or LoadParams()
        n_threads = usable_threads(params.n_threads)
        try:
            replace(params, n_threads=n_threads).validate()
        except ValueError as exc:
            raise EngineError(message_of(exc)) from None
        gguf = check_model_file(path)
        template = self._pick_template(gguf, params.chat_format, catalog_format)
        watch = LoadProgress(progress)
        watch.check(0.0)
        self.unload()
        llama_cpp = llama_runtime.import_llama_cpp()
        n_gpu_layers = params.n_gpu_layers if params.n_gpu_layers is not None else -1
        if not llama_cpp.llama_supports_gpu_offload():
            n_gpu_layers = 0
        # llama.cpp pads the context to a multiple of 256; ask for that size so that
        # llama-cpp-python's token buffer matches the real context.
        n_ctx = engine_context(params.n_ctx, gguf.context_length)
        started = time.perf_counter()
        with llama_runtime.captured_native_log() as native_log:
            try:
                llm = new_llama(
                    llama_cpp,
                    watch,
                    model_path=path_for_native_code(gguf.path),
                    n_ctx=n_ctx,
                    n_batch=min(512, n_ctx),
                    n_threads=n_threads,
                    n_threads_batch=n_threads,
                    n_gpu_layers=n_gpu_layers,
                    flash_attn=params.flash_attn,
                    seed=0,
                    verbose=True,
                )
            except (ValueError, RuntimeError, OSError) as exc:
                if watch.cancelled:
                    raise LoadCancelledError() from None
                raise EngineError(llama_runtime.explain_load_failure(gguf, native_log)) from exc
        if not watch(1.0):  # cancelled while the context was being made
            llm.close()
            raise LoadCancelledError()
        llm.verbose = False  # keep llama-cpp-python's own prints off the terminal
        self._llm = llm
        self._template = template
        self._install_abort_callback()
        self._free_cores = FreeCores() if params.n_threads is None else None
        self._threads_in_use = n_threads
        self._info = ModelInfo(
            path=gguf.path,
            name=shown_name(gguf.path, gguf.name),
            architecture=gguf.architecture,
            quantization=gguf.quantization,
            file_size=gguf.file_size,
            n_layers=gguf.n_layers,
            n_ctx=self._context_size(),
            n_ctx_train=gguf.context_length,
            n_gpu_layers=min(n_gpu_layers, gguf.n_layers) if n_gpu_layers >= 0 else gguf.n_layers,
            n_threads=n_threads,
            flash_attn=params.flash_attn,
            template_name=template.name,
            template_origin=template.origin,
            load_seconds=time.perf_counter() - started,
            n_vocab=int(llm.n_vocab()),
        )
        log.info("loaded %s: %s", gguf.path, self._info)
        return self._info

    @staticmethod
    def _pick_template(
        gguf: GGUFInfo, requested: str | None, catalog_format: str | None
    ) -> ChatTemplate:
        try:
            return choose_template(
                requested=requested,
                gguf_template=gguf.chat_template,
                catalog_format=catalog_format,
                architecture=gguf.architecture,
                bos_token=gguf.bos_token,
                eos_token=gguf.eos_token,
                model_name=gguf.name,
            )
        except TemplateError as exc:
            raise EngineError(message_of(exc)) from None

    def unload(self) -> None:
        """Free the model and its context."""
        llm, self._llm = self._llm, None
        self._info = None
        self._template = None
        if llm is not None:
            llm.close()  # type: ignore[attr-defined]

    def _require(self) -> object:
        if self._llm is None:
            raise EngineError(texts.NO_MODEL)
        return self._llm

    def _context_size(self) -> int:
        llm = self._require()
        return min(llm.n_ctx(), len(llm.input_ids))  # type: ignore[attr-defined]

    def _choose_threads(self, llama_cpp: object, llm: object) -> None:
        """On Auto, one thread per core that other programs leave free (see cpu_load)."""
        if self._free_cores is None or self._info is None:
            return
        threads = self._free_cores.threads(self._info.n_threads)
        if threads != self._threads_in_use:
            log.info("%d threads for this reply (was %d)", threads, self._threads_in_use)
            llama_cpp.llama_set_n_threads(llm.ctx, threads, threads)  # type: ignore[attr-defined]
            self._threads_in_use = threads

    def _install_abort_callback(self) -> None:
        llama_cpp = llama_runtime.import_llama_cpp()

        def should_abort(_data: ctypes.c_void_p) -> bool:
            event = self._abort_event
            return bool(event is not None and event.is_set())

        self._abort_callback = llama_cpp.ggml_abort_callback(should_abort)

    def _set_abort_checks(self, enabled: bool) -> None:
        # The callback runs once per graph node: worth it while a long prompt is being
        # evaluated, too costly per decoded token (the loop checks the event there).
        llama_cpp = llama_runtime.import_llama_cpp()
        callback = self._abort_callback if enabled else llama_cpp.ggml_abort_callback()
        llama_cpp.llama_set_abort_callback(self._require().ctx, callback, None)  # type: ignore[attr-defined]

    def tokenize(self, text: str) -> list[int]:
        """Tokens of ``text`` as the prompt would contain them (special tokens parsed)."""
        llm = self._require()
        return llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)  # type: ignore[attr-defined]

    def render_prompt(self, messages: list[Message], continue_last: bool = False) -> str:
        """The prompt text for ``messages`` with the model's chat template (the last
        message left open when ``continue_last``)."""
        if self._template is None:
            raise EngineError(texts.NO_MODEL)
        try:
            return self._template.render(messages, continue_last=continue_last)
        except TemplateError as exc:
            raise EngineError(message_of(exc)) from None

    def count_tokens(self, messages: list[Message]) -> TokenCount:
        """How many tokens ``messages`` take in the prompt (exact: the model's tokenizer)."""
        return TokenCount(len(self.tokenize(self.render_prompt(messages))))

    def stream_reply(
        self,
        messages: list[Message],
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        policy: OverflowPolicy = OverflowPolicy.KEEP_SYSTEM,
        start: int = 0,
        options: ReplyOptions | None = None,
    ) -> Iterator[str | ReplyStats]:
        """Yield the reply to ``messages`` piece by piece, then one ReplyStats.

        When the conversation outgrows the context, ``policy`` says what gives way and
        ``start`` is where the previous reply's context began (ReplyStats.dropped_messages
        of that reply); see ``fit_messages``. Sampling parameters apply to this call only. ``cancel.set()`` from any thread
        stops the reply between tokens or during prompt evaluation; the engine stays
        usable. Tokens already in llama.cpp's KV cache for a shared prefix are reused.
        ``options`` (one request's stop strings, grammar, penalties) apply to this call;
        with ``options.continue_last`` the reply continues the last (assistant) message.
        """
        llm = self._require()
        self._check_sampling(sampling)
        cancel = cancel or threading.Event()
        options = options or ReplyOptions()
        n_ctx = self._context_size()
        room = min(sampling.max_tokens, MIN_REPLY_ROOM, n_ctx // 4)
        # fit_messages tokenizes each candidate; keep the last one's tokens for the prompt.
        last: list[int] = []

        def count(candidate: list[Message]) -> int:
            last[:] = self.tokenize(self.render_prompt(candidate, options.continue_last))
            return len(last)

        budget = n_ctx - room
        try:
            fitted = fit_messages(
                messages, count, budget, policy=policy, start=start, slack=budget // 4
            )
        except ContextOverflowError as exc:
            raise ContextFullError(message_of(exc)) from None
        if fitted.tokens >= n_ctx:
            raise EngineError(
                CoreMessage(texts.MESSAGE_TOO_LONG, tokens=fitted.tokens, n_ctx=n_ctx)
            )
        tokens = list(last)
        template_stops = self._template.stop if self._template else ()
        plan = self._plan(tokens, sampling, fitted.dropped, template_stops + options.stop, options)
        reused = self._reuse_cached_prefix(tokens, options.reuse_cache)
        return self._generate(llm, tokens, reused, sampling, cancel, plan)

    def stream_completion(
        self,
        prompt: str,
        sampling: SamplingParams,
        cancel: threading.Event | None = None,
        *,
        options: ReplyOptions | None = None,
    ) -> Iterator[str | ReplyStats]:
        """Yield the continuation of the raw ``prompt`` (no chat template; BOS added as
        the model asks), then one ReplyStats; otherwise as ``stream_reply``."""
        llm = self._require()
        self._check_sampling(sampling)
        options = options or ReplyOptions()
        tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)  # type: ignore[attr-defined]
        n_ctx = self._context_size()
        if not tokens:
            raise EngineError(texts.EMPTY_PROMPT)
        if len(tokens) >= n_ctx:
            raise EngineError(CoreMessage(texts.PROMPT_TOO_LONG, tokens=len(tokens), n_ctx=n_ctx))
        plan = self._plan(tokens, sampling, 0, options.stop, options)
        reused = self._reuse_cached_prefix(tokens, options.reuse_cache)
        return self._generate(llm, tokens, reused, sampling, cancel or threading.Event(), plan)

    @staticmethod
    def _check_sampling(sampling: SamplingParams) -> None:
        try:
            sampling.validate()
        except ValueError as exc:
            raise EngineError(message_of(exc)) from None

    def _plan(
        self,
        tokens: list[int],
        sampling: SamplingParams,
        dropped: int,
        stops: tuple[str, ...],
        options: ReplyOptions,
    ) -> _ReplyPlan:
        max_tokens = min(sampling.max_tokens, self._context_size() - len(tokens))
        return _ReplyPlan(max_tokens, max_tokens < sampling.max_tokens, dropped, stops, options)

    def _reuse_cached_prefix(self, tokens: list[int], reuse: bool = True) -> int:
        """Keep the KV cache for the longest shared prefix; return how many tokens it holds
        (none when not ``reuse``: the whole prompt is evaluated again)."""
        llm = self._require()
        cached = llm.input_ids[: llm.n_tokens if reuse else 0].tolist()  # type: ignore[attr-defined]
        shared = 0
        for a, b in zip(cached, tokens, strict=False):
            if a != b:
                break
            shared += 1
        shared = min(shared, len(tokens) - 1)  # evaluate at least one token for fresh logits
        if shared > 0 and llm._ctx.kv_cache_seq_rm(-1, shared, -1):  # type: ignore[attr-defined]
            llm.n_tokens = shared  # type: ignore[attr-defined]
            return shared
        llm.reset()  # type: ignore[attr-defined]
        return 0

    def _generate(
        self,
        llm: object,
        tokens: list[int],
        reused: int,
        sampling: SamplingParams,
        cancel: threading.Event,
        plan: _ReplyPlan,
    ) -> Iterator[str | ReplyStats]:
        llama_cpp = llama_runtime.import_llama_cpp()
        vocab = llama_cpp.llama_model_get_vocab(llm.model)  # type: ignore[attr-defined]
        options = plan.options
        text = _StopTextFilter(plan.stops, strip_leading=not options.keep_leading_space)
        grammar = _checked_grammar(llama_cpp, vocab, options.grammar)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        piece_buffer = ctypes.create_string_buffer(64)
        seed = int.from_bytes(os.urandom(4), "little") if sampling.random_seed else sampling.seed
        llm.set_seed(seed)  # type: ignore[attr-defined]
        llm.last_n_tokens_size = sampling.repeat_last_n  # type: ignore[attr-defined]
        self._abort_event = cancel
        self._set_abort_checks(True)
        self._choose_threads(llama_cpp, llm)
        started = time.perf_counter()
        first_at: float | None = None
        generated = 0
        finish: FinishReason = "length"
        generator = llm.generate(  # type: ignore[attr-defined]
            tokens[reused:],
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=sampling.min_p,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
            presence_penalty=options.presence_penalty,
            frequency_penalty=options.frequency_penalty,
            grammar=grammar,
            reset=False,
        )
        try:
            if cancel.is_set():
                finish = "cancelled"
            else:
                for token in generator:
                    if first_at is None:
                        first_at = time.perf_counter()
                        self._set_abort_checks(False)
                    if llama_cpp.llama_vocab_is_eog(vocab, token):
                        finish = "stop"
                        break
                    generated += 1
                    piece = decoder.decode(token_piece(llama_cpp, vocab, token, piece_buffer))
                    visible, stopped = text.feed(piece)
                    if visible:
                        yield visible
                    if stopped:
                        finish = "stop"
                        break
                    if cancel.is_set():
                        finish = "cancelled"
                        break
                    if generated >= plan.max_tokens:
                        finish = "context_full" if plan.context_limited else "length"
                        break
        except RuntimeError as exc:
            if not cancel.is_set():
                raise EngineError(CoreMessage(texts.GENERATION_FAILED, error=str(exc))) from exc
            finish = "cancelled"  # llama_decode was aborted during prompt evaluation
        finally:
            generator.close()
            self._abort_event = None
            if self._llm is not None:
                self._set_abort_checks(False)
        ended = time.perf_counter()
        tail = text.flush(decoder.decode(b"", final=True))
        if tail:
            yield tail
        first = first_at if first_at is not None else ended
        yield ReplyStats(
            prompt_tokens=len(tokens) - reused,
            prompt_seconds=first - started,
            generated_tokens=generated,
            generation_seconds=ended - first,
            time_to_first_token=first - started,
            finish_reason=finish,
            prompt_tokens_total=len(tokens),
            dropped_messages=plan.dropped,
        )


def _checked_grammar(llama_cpp: object, vocab: object, text: str | None) -> object | None:
    """The grammar for llama-cpp-python, once llama.cpp has parsed it (it would crash on
    a grammar it cannot parse)."""
    if not text:
        return None
    probe = llama_cpp.llama_sampler_init_grammar(vocab, text.encode("utf-8"), b"root")  # type: ignore[attr-defined]
    if not probe:
        raise EngineError(texts.BAD_GRAMMAR)
    llama_cpp.llama_sampler_free(probe)  # type: ignore[attr-defined]
    return llama_cpp.LlamaGrammar.from_string(text, verbose=False)  # type: ignore[attr-defined]
