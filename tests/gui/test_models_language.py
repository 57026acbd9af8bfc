"""The model picker, the download status, the Servers tab and the local server follow a
language switch at once (and back), with a small Chinese catalogue of the test's own
compiled the way a checkout compiles it; and every catalog text is listed for lupdate."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from chatapp.core.downloads import DownloadRequest
from chatapp.core.messages import QT_TRANSLATE_NOOP, Message
from chatapp.core.paths import resources_dir
from chatapp.gui.catalog_texts import CATALOG_TEXTS
from chatapp.gui.download_manager import DownloadState, DownloadStatus
from chatapp.gui.i18n import LanguageController
from chatapp.gui.main_window import MainWindow
from chatapp.gui.markdown_render import MarkdownRenderer
from chatapp.testing.fake_backend import FakeBackend
from tests.helpers.catalogues import chinese_controller

GONE = QT_TRANSLATE_NOOP("core", "The hub has no file {file}.")
STARTER = "SmolLM2 135M Instruct (small starter)"
TRANSLATIONS = {
    ("ModelPickerDialog", "Models"): "模型",
    ("ModelPickerDialog", "Catalog"): "目录",
    ("ModelPickerDialog", "Installed"): "已安装",
    ("ModelPickerDialog", "Servers"): "服务器",
    ("ModelPickerDialog", "Search the hub"): "搜索模型库",
    ("ModelPickerDialog", "Use"): "使用",
    ("ModelPickerDialog", "Name"): "名称",
    ("DownloadRow", "Download"): "下载",
    ("DownloadRow", "Retry"): "重试",
    ("DownloadStatusWidget", "Download of {name} failed"): "{name} 下载失败",
    ("HubSourceRow", "Hub token..."): "访问令牌...",
    ("HubSearchTab", "Type a model's name to search."): "输入模型名称以搜索。",
    ("ModelTexts", "fits your {size} {memory}"): "适合您的 {size} {memory}",
    ("ModelTexts", "RAM"): "内存",
    ("catalog", STARTER): "SmolLM2 135M 指令版（小型入门）",
    ("ServersTab", "New"): "新建",
    ("ServersTab", "Base URL"): "基础网址",
    ("ServersTab", "Test"): "测试",
    ("LocalServerPanel", "Start"): "启动",
    ("LocalServerPanel", "Base URL"): "基础网址",
    ("LocalServerActions", "&Server"): "服务器(&S)",
    ("LocalServerActions", "Local server"): "本地服务器",
    (
        "LocalServerActions",
        "No model is loaded: load one first (Change model...), then start the local server",
    ): "尚未加载模型：请先加载一个模型，再启动本地服务器",
    ("LocalServerSettingsDialog", "Local server settings"): "本地服务器设置",
    ("MarkdownRenderer", "Copy code"): "复制代码",
    ("core", GONE): "模型库中没有文件 {file}。",
}


@pytest.fixture
def chinese(qapp, tmp_path: Path) -> Iterator[LanguageController]:
    with chinese_controller(tmp_path, TRANSLATIONS) as languages:
        yield languages


@pytest.fixture
def window(open_window) -> MainWindow:
    window: MainWindow = open_window(FakeBackend())
    window.models.model_memory = lambda: (64 * 1024**3, "RAM")  # every model fits
    window.models.open_model_picker()
    return window


def picker_texts(window: MainWindow) -> dict[str, object]:
    picker = window.models.picker
    assert picker is not None
    starter = next(e for e in picker.catalog.entries if e.name == STARTER)
    row = picker.row_for(starter.id)
    return {
        "title": picker.windowTitle(),
        "tabs": [picker.tabs.tabText(i) for i in range(picker.tabs.count())],
        "use": picker.use_installed_button.text(),
        "column": picker.installed_table.horizontalHeaderItem(0).text(),
        "token": picker.source_row.token_button.text(),
        "row title": row.title.text(),
        "search": picker.hub_search.status_line.text(),
        "new server": picker.servers_tab.new_button.text(),
        "test server": picker.servers_tab.test_button.text(),
        "url label": picker.servers_tab.form_labels[1].text(),
    }


def test_the_picker_and_its_tabs_follow_the_language_at_once_and_back(window, chinese):
    english = picker_texts(window)
    assert english["tabs"] == ["Catalog", "Installed", "Servers", "Search the hub"]
    openchat = window.models.picker.row_for("openchat-3.5-q4_k_m")
    assert "fits your 64.0 GiB RAM" in openchat.details.text()
    assert openchat.download_button.text() == "Download"

    chinese.set_language("zh_CN")

    assert picker_texts(window) == {
        "title": "模型",
        "tabs": ["目录", "已安装", "服务器", "搜索模型库"],
        "use": "使用",
        "column": "名称",
        "token": "访问令牌...",
        "row title": "<b>SmolLM2 135M 指令版（小型入门）</b>",
        "search": "输入模型名称以搜索。",
        "new server": "新建",
        "test server": "测试",
        "url label": "基础网址",
    }
    assert "适合您的 64.0 GiB 内存" in openchat.details.text()
    assert openchat.download_button.text() == "下载"

    chinese.set_language("en")

    assert picker_texts(window) == english
    assert "fits your 64.0 GiB RAM" in openchat.details.text()


def test_a_failed_download_says_why_in_the_language_shown(window, chinese):
    request = DownloadRequest("org/Gone-GGUF", "gone.gguf", "gone")
    downloads = window.downloads
    downloads.states[request.label] = DownloadState(
        request, downloads.paths.models_dir / "gone.gguf", status=DownloadStatus.RUNNING
    )
    why = Message(GONE, file="gone.gguf")
    downloads.worker.download_failed.emit(request.label, why)  # as the worker says it
    row = window.models.picker.rows[request.label]
    status = window.models.download_status
    assert row.status.text() == "The hub has no file gone.gguf."
    assert row.download_button.text() == "Retry"
    assert status.label.text() == "Download of gone failed"

    chinese.set_language("zh_CN")

    assert row.status.text() == "模型库中没有文件 gone.gguf。"
    assert row.download_button.text() == "重试"
    assert status.label.text() == "gone 下载失败"
    assert status.toolTip() == "模型库中没有文件 gone.gguf。"


def test_the_local_server_panel_menu_and_settings_follow_the_language(window, chinese, qtbot):
    actions = window.local_server
    with qtbot.waitSignal(actions.start_failed):
        actions.start()  # no model is loaded: the panel says so
    dialog = actions.open_settings()
    assert actions.panel.status_label.text().startswith("No model is loaded")

    chinese.set_language("zh_CN")

    assert actions.panel.status_label.text() == "尚未加载模型：请先加载一个模型，再启动本地服务器"
    assert actions.panel.start_button.text() == "启动"
    assert actions.panel.address_label.text() == "基础网址"
    assert actions.menu.title() == "服务器(&S)"
    assert actions.dock.windowTitle() == "本地服务器"
    assert dialog.windowTitle() == "本地服务器设置"

    chinese.set_language("en")

    assert actions.panel.status_label.text().startswith("No model is loaded")
    assert actions.menu.title() == "&Server"
    assert dialog.windowTitle() == "Local server settings"
    dialog.reject()


def test_code_blocks_are_rendered_with_the_language_shown(chinese):
    renderer = MarkdownRenderer()
    assert "Copy code" in renderer.render("```py\nx = 1\n```", "m").html
    chinese.set_language("zh_CN")
    assert "复制代码" in renderer.render("```py\nx = 1\n```", "m").html


def test_every_catalog_name_and_description_is_listed_for_translation():
    catalog = json.loads((resources_dir() / "catalog.json").read_text(encoding="utf-8"))
    texts = [m[key] for m in catalog["models"] for key in ("name", "description") if m[key]]
    missing = [text for text in texts if text not in CATALOG_TEXTS]
    lines = "\n".join(f"    QT_TRANSLATE_NOOP({'catalog'!r}, {text!r})," for text in missing)
    assert not missing, f"add to chatapp/gui/catalog_texts.py:\n{lines}"
    assert QCoreApplication.translate("catalog", STARTER) == STARTER, "English as it is"
