"""Core messages that reach the window (a model that cannot be loaded, a failed reply, a
chat too long, a server without the model, a server's notice) keep their template on
the way from the engine thread, so the window shows them in its language and shows them
again in another after a switch; and a cancelled load is said in the language in use."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from chatapp.core.backend import BackendError
from chatapp.core.engine import ContextFullError
from chatapp.core.engine_texts import GENERATION_FAILED, PROMPT_TOO_LONG
from chatapp.core.gguf_texts import NOT_FOUND
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.core.paths import AppPaths
from chatapp.core.remote import RemoteModel, ServerConfig
from chatapp.core.servers import SavedServer, ServerRegistry
from chatapp.gui.i18n import LanguageController
from chatapp.gui.main_window import MainWindow
from chatapp.gui.workers import NO_SUCH_MODEL, BackendSetup
from chatapp.testing.fake_backend import FakeBackend
from chatapp.testing.fake_remote import FakeRemote
from tests.helpers.catalogues import chinese_controller
from tests.helpers.window import FAKE_MODEL, FAKE_TIMEOUT_MS, ask, type_and_send

pytestmark = pytest.mark.usefixtures("memory_keyring")

BUSY = QT_TRANSLATE_NOOP("core", "{server} does not take {field}: sending without it")
SERVER = SavedServer("big box", "http://10.0.0.7:8080/v1", "qwen-32b")
GONE = Path("/models/gone.gguf")
OTHER_MODEL = Path("other-model.gguf")
TRANSLATIONS = {
    ("core", NOT_FOUND): "找不到模型文件：{path}。",
    ("core", GENERATION_FAILED): "llama.cpp 生成时失败：{error}",
    ("core", PROMPT_TOO_LONG): "提示词太长（{tokens}/{n_ctx} 个词元）。",
    ("core", NO_SUCH_MODEL): "{server} 没有模型 {model}（它有 {names}）",
    ("core", BUSY): "{server} 不接受 {field}：不带它发送",
    ("ModelBar", "error: {message}"): "错误：{message}",
    ("ModelBar", "No model"): "没有模型",
    ("ModelBar", "loading cancelled"): "已取消加载",
    ("WelcomeView", "The model could not be loaded: {why}"): "无法加载模型：{why}",
    ("WelcomeView", "Loading was cancelled."): "已取消加载。",
    ("MainWindow", "Error: {message}"): "错误：{message}",
    ("ServerActions", "Connecting to {name}..."): "正在连接 {name}...",
}


@pytest.fixture
def chinese(qapp, tmp_path: Path) -> Iterator[LanguageController]:
    with chinese_controller(tmp_path, TRANSLATIONS) as languages:
        yield languages


@pytest.fixture
def remote_window(
    open_window: Callable[..., MainWindow], paths: AppPaths, remote: FakeRemote
) -> Iterator[Callable[[threading.Event | None], MainWindow]]:
    """A window whose servers are ``remote`` (connecting waits for ``gate`` when given)."""
    ServerRegistry(paths.config_dir).put(SERVER, "sk-test")
    gates: list[threading.Event] = []

    def make(gate: threading.Event | None = None) -> MainWindow:
        local = FakeBackend()

        def connect(config: ServerConfig, notify: Callable[[str], None]) -> FakeRemote:
            if gate is not None:
                gate.wait(FAKE_TIMEOUT_MS / 1000)
            return remote.connect(config, notify)

        setup = BackendSetup(local, local.load_model, local.close, connect=connect)
        gates.extend([gate] if gate is not None else [])
        return open_window(factory=lambda: setup)

    yield make
    for gate in gates:  # before open_window shuts the windows down
        gate.set()


@pytest.fixture
def remote() -> FakeRemote:
    return FakeRemote(models=(RemoteModel("qwen-32b", 32768),))


def test_a_model_that_cannot_be_loaded_is_said_in_the_windows_language(
    qtbot, open_window, chinese: LanguageController
):
    why = Message(NOT_FOUND, path=GONE)
    window: MainWindow = open_window(FakeBackend(load_failure=why))
    with qtbot.waitSignal(window.model_failed, timeout=FAKE_TIMEOUT_MS) as failed:
        window.load_model(GONE)
    [message] = failed.args
    assert isinstance(message, Message) and message.template == NOT_FOUND
    state = window.model_bar.state_label
    assert state.text() == "error: " + NOT_FOUND.format(path=GONE)
    welcome = window.chat_area.welcome
    assert welcome.status.text().startswith("The model could not be loaded: Model file not")

    chinese.set_language("zh_CN")

    assert state.text() == f"错误：找不到模型文件：{GONE}。"
    assert welcome.status.text() == f"无法加载模型：找不到模型文件：{GONE}。"
    assert window.model_bar.model_label.text() == GONE.name


def test_a_failed_reply_is_said_in_the_windows_language(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, chinese: LanguageController
):
    chinese.set_language("zh_CN")
    fake_backend.fail_after = 0
    fake_backend.failure = BackendError(Message(GENERATION_FAILED, error="out of memory"))
    with qtbot.waitSignal(fake_window.reply_failed, timeout=FAKE_TIMEOUT_MS) as failed:
        type_and_send(qtbot, fake_window, "Hello")
    assert isinstance(failed.args[0], Message)
    assert fake_window.statusBar().currentMessage() == "错误：llama.cpp 生成时失败：out of memory"


def test_a_chat_too_long_is_asked_about_in_the_windows_language(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, chinese: LanguageController
):
    chinese.set_language("zh_CN")
    asked: list[str] = []

    def decline(message: str) -> bool:
        asked.append(message)
        return False

    fake_window.ask_drop_oldest = decline  # type: ignore[method-assign]
    fake_backend.fail_after = 0
    fake_backend.failure = ContextFullError(Message(PROMPT_TOO_LONG, tokens=5000, n_ctx=4096))
    with qtbot.waitSignal(fake_window.reply_failed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, fake_window, "Hello")
    [message] = asked
    assert isinstance(message, Message) and message.template == PROMPT_TOO_LONG
    assert fake_window.statusBar().currentMessage() == "提示词太长（5000/4096 个词元）。"


def test_a_server_without_the_model_is_said_in_the_windows_language(
    qtbot, remote_window, remote: FakeRemote, chinese: LanguageController
):
    window = remote_window()
    remote.models = (RemoteModel("other"),)
    with qtbot.waitSignal(window.replies.server_failed, timeout=FAKE_TIMEOUT_MS) as failed:
        window.servers.use_server(SERVER, "qwen-32b")
    assert isinstance(failed.args[0], Message)
    assert window.servers.offer is not None
    window.servers.offer.close()

    chinese.set_language("zh_CN")

    state = window.model_bar.state_label.text()
    assert state == "错误：big box 没有模型 qwen-32b（它有 other）"


def test_a_servers_notice_is_said_in_the_windows_language(
    qtbot, remote_window, remote: FakeRemote, chinese: LanguageController
):
    window = remote_window()
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS):
        window.servers.use_server(SERVER, "qwen-32b")
    chinese.set_language("zh_CN")
    remote.notices = (Message(BUSY, server="big box", field="seed"),)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    ask(qtbot, window, "Hello", timeout=FAKE_TIMEOUT_MS)
    assert "big box 不接受 seed：不带它发送" in shown


def test_the_connecting_hint_follows_a_language_switch(
    qtbot, remote_window, chinese: LanguageController
):
    gate = threading.Event()
    window = remote_window(gate)
    editor = window.composer.editor
    window.servers.use_server(SERVER, "qwen-32b")  # waits for the gate on the engine thread
    assert editor.placeholderText() == "Connecting to big box..."

    chinese.set_language("zh_CN")

    assert editor.placeholderText() == "正在连接 big box..."
    with qtbot.waitSignal(window.model_ready, timeout=FAKE_TIMEOUT_MS):
        gate.set()


def test_a_load_cancelled_after_the_model_went_says_so_in_the_bar_and_the_welcome_page(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend, chinese: LanguageController
):
    window = fake_window
    fake_backend.load_delay = 10.0
    window.load_model(OTHER_MODEL)
    progress = window.loads.progress
    qtbot.waitUntil(lambda: progress.fraction > 0, timeout=FAKE_TIMEOUT_MS)
    welcome = window.chat_area.welcome
    assert welcome.status.text() == f"Loading {OTHER_MODEL.name}..."
    with qtbot.waitSignal(window.replies.model_load_cancelled, timeout=FAKE_TIMEOUT_MS):
        progress.cancel_button.click()
    bar = window.model_bar
    assert (bar.model_label.text(), bar.state_label.text()) == ("No model", "loading cancelled")
    assert bar.change_button.isEnabled() and not bar.progress.isVisible()
    assert welcome.status.text() == "Loading was cancelled."
    assert welcome.choices.isVisible() and not welcome.examples.isVisible()

    chinese.set_language("zh_CN")

    assert (bar.model_label.text(), bar.state_label.text()) == ("没有模型", "已取消加载")
    assert welcome.status.text() == "已取消加载。"


def test_a_load_cancelled_before_it_started_shows_the_model_still_ready(
    qtbot, fake_window: MainWindow, fake_backend: FakeBackend
):
    window = fake_window
    welcome = window.chat_area.welcome
    fake_backend.tokens = tuple(f" word{i}" for i in range(100))
    fake_backend.token_delay = 0.05
    with qtbot.waitSignal(window.reply_completed, timeout=FAKE_TIMEOUT_MS):
        type_and_send(qtbot, window, "A long answer, please.")
        qtbot.waitUntil(lambda: window.replies.reply_batches > 0, timeout=FAKE_TIMEOUT_MS)
        window.load_model(OTHER_MODEL)  # waits for the reply to end
        assert welcome.status.text() == f"Loading {OTHER_MODEL.name}..."
        with qtbot.waitSignal(window.replies.model_load_cancelled, timeout=FAKE_TIMEOUT_MS):
            window.loads.progress.cancel_button.click()
        window.replies.stop()
    assert welcome.status.text() == f"<b>{FAKE_MODEL.stem}</b> is ready."
    assert welcome.examples.isVisibleTo(welcome) and not welcome.choices.isVisibleTo(welcome)
