"""The conversation already on screen follows a language switch."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.catalogues import chinese_controller
from tests.helpers.window import FAKE_TIMEOUT_MS, ask, load

SHOWN = {("ChatView", "You"): "你", ("ChatView", "Assistant"): "助手"}


def test_the_chat_shown_follows_a_language_switch(qtbot, open_window, fake_backend, tmp_path: Path):
    with chinese_controller(tmp_path / "i18n", SHOWN) as languages:
        window = open_window(fake_backend, languages=languages)
        load(qtbot, window, timeout=FAKE_TIMEOUT_MS)
        ask(qtbot, window, "Hello there", timeout=FAKE_TIMEOUT_MS)
        before = window.chat_view.toPlainText()
        assert "You" in before and "你" not in before
        languages.set_language("zh_CN")
        after = window.chat_view.toPlainText()
        assert "你" in after and "助手" in after and "You" not in after
        assert "Hello there" in after and "Hello from the fake backend." in after
        languages.set_language("en")
        assert "You" in window.chat_view.toPlainText()
        window.shutdown()
