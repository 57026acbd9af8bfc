"""The sidebar: New chat, a search box over every chat, and the conversations."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QPoint,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPalette, QPixmap
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from chatapp.core.messages import QT_TRANSLATE_NOOP
from chatapp.core.store import ConversationSummary, SearchHit
from chatapp.gui.chat_dates import date_group, exact_time, group_title, short_time
from chatapp.gui.i18n import Retranslatable
from chatapp.gui.icons import icon
from chatapp.gui.search_hits import SNIPPET_ROLE, TITLE_ROLE, WHEN_ROLE, SearchHitDelegate

ID_ROLE = Qt.ItemDataRole.UserRole
MARK_ROLE = Qt.ItemDataRole.UserRole + 1
_MARK_ICONS = {
    "generating": QStyle.StandardPixmap.SP_MediaPlay,
    "waiting": QStyle.StandardPixmap.SP_MediaPause,
}
_MARK_WORDS = {
    "generating": QT_TRANSLATE_NOOP("ConversationSidebar", "A reply is being written"),
    "waiting": QT_TRANSLATE_NOOP("ConversationSidebar", "A reply waits its turn"),
}
POSITION_ROLE = Qt.ItemDataRole.UserRole + 1
MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 2
HEADER_ROLE = Qt.ItemDataRole.UserRole + 3
_ICON_SIZE = 14


class ConversationSidebar(Retranslatable, QWidget):
    """Lists conversations newest first; searching shows matching messages instead.

    Signals:
        new_chat_requested(): the user wants an empty conversation.
        conversation_chosen(str): open this conversation.
        hit_chosen(str, int, str): open this conversation at the message at this position
            (the last argument is the message's id: it may be in a branch not shown).
        rename_requested(str, str): the user gave this conversation a new title.
        delete_requested(str): the user wants this conversation deleted.
        export_requested(str, str): export this conversation as "markdown" or "json".
        search_changed(str): the search text changed (empty: show the list again).
    """

    new_chat_requested = Signal()
    conversation_chosen = Signal(str)
    hit_chosen = Signal(str, int, str)
    rename_requested = Signal(str, str)
    delete_requested = Signal(str)
    export_requested = Signal(str, str)
    search_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton(icon("new-chat"), "", self)
        self.new_button.clicked.connect(self.new_chat_requested)
        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._on_search_text_changed)
        self.list = QListWidget(self)
        self.list.setObjectName("conversationList")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_context_menu)
        self.list.itemActivated.connect(self._on_item_activated)
        self.list.itemClicked.connect(self._on_item_activated)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.setIconSize(QSize(_ICON_SIZE, _ICON_SIZE))
        blank = QPixmap(_ICON_SIZE, _ICON_SIZE)
        blank.fill(QColor(0, 0, 0, 0))
        self._no_mark = QIcon(blank)  # keeps the titles in line with those of marked chats
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.setWordWrap(True)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.itemActivated.connect(self._on_hit_activated)
        self.results.itemClicked.connect(self._on_hit_activated)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.results)
        for view in (self.list, self.results):
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setMinimumWidth(136)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.new_button)
        layout.addWidget(self.search_box)
        layout.addWidget(self.pages, 1)
        self._current: str | None = None
        self._filling = False
        self._marks: dict[str, str] = {}
        # What the lists were filled from, to fill them again in another language.
        self._summaries: list[ConversationSummary] = []
        self._now: datetime | None = None
        self._hits: list[SearchHit] | None = None
        self._delete_action = QAction(self.list)
        self._delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self._delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self._delete_action.triggered.connect(self.delete_selected)
        self.list.addAction(self._delete_action)  # F2 (rename) belongs to the Chat menu
        self.retranslate()

    def retranslate(self) -> None:
        self.new_button.setText(self.tr("New chat"))
        self.search_box.setPlaceholderText(self.tr("Search all chats"))
        self._delete_action.setText(self.tr("Delete"))
        if self._summaries:
            self.set_conversations(self._summaries, self._now)
        if self._hits is not None:
            self.show_hits(self._hits)

    # Filling ----------------------------------------------------------------

    def set_conversations(
        self, summaries: list[ConversationSummary], now: datetime | None = None
    ) -> None:
        """Show ``summaries`` (already newest first) under date headers (Today, Yesterday,
        Previous 7 days, then by month, as of ``now``), keeping the current one selected."""
        self._summaries, self._now = list(summaries), now
        self._filling = True
        self.list.clear()
        today = now or datetime.now()
        shown_group = None
        for summary in summaries:
            group = date_group(summary.updated, today)
            if group != shown_group:
                shown_group = group
                self.list.addItem(self._header(group_title(group)))
            item = QListWidgetItem(summary.title)
            item.setData(ID_ROLE, summary.id)
            item.setToolTip(
                self.tr(
                    "{title}\nLast changed {time} · %n message(s)", "", summary.message_count
                ).format(title=summary.title, time=exact_time(summary.updated))
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setSizeHint(QSize(0, max(self.list.fontMetrics().height(), _ICON_SIZE) + 8))
            self._show_mark(item)
            self.list.addItem(item)
            if summary.id == self._current:
                item.setSelected(True)
                self.list.setCurrentItem(item)
        self._filling = False

    def _header(self, title: str) -> QListWidgetItem:
        """A section header: neither selectable nor activatable."""
        header = QListWidgetItem(title)
        header.setData(HEADER_ROLE, True)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(self.list.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        header.setFont(font)
        header.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        header.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        height = self.list.fontMetrics().height()
        header.setSizeHint(QSize(0, height + (height * 3) // 4))
        return header

    def headers(self) -> list[str]:
        """The date headers shown in the chat list, top to bottom."""
        return [item.text() for item in self._items() if item.data(HEADER_ROLE)]

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def set_reply_marks(self, marks: dict[str, str]) -> None:
        """Mark the chat a reply is being written for ("generating") and those whose
        replies wait their turn ("waiting")."""
        self._marks = dict(marks)
        self._filling = True  # setting an icon is an item change, not a rename
        for item in self._items():
            if not item.data(HEADER_ROLE):
                self._show_mark(item)
        self._filling = False

    def _show_mark(self, item: QListWidgetItem) -> None:
        mark = self._marks.get(str(item.data(ID_ROLE)), "")
        item.setData(MARK_ROLE, mark)
        icon = _MARK_ICONS.get(mark)
        item.setIcon(self.style().standardIcon(icon) if icon is not None else self._no_mark)
        words = _MARK_WORDS.get(mark, "")
        shown = QCoreApplication.translate("ConversationSidebar", words)  # i18n: checked
        item.setStatusTip(shown if words else "")

    def mark_of(self, conversation_id: str) -> str:
        """The chat's reply mark: "generating", "waiting" or ""."""
        item = self.item_for(conversation_id)
        return str(item.data(MARK_ROLE) or "") if item is not None else ""

    def set_current(self, conversation_id: str | None) -> None:
        self._current = conversation_id
        self._filling = True
        self.list.clearSelection()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ID_ROLE) == conversation_id:
                self.list.setCurrentItem(item)
                item.setSelected(True)
        self._filling = False

    def titles(self) -> list[str]:
        """The chats' titles, top to bottom (headers aside)."""
        return [item.text() for item in self._items() if not item.data(HEADER_ROLE)]

    def item_for(self, conversation_id: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == conversation_id:
                return self.list.item(row)
        return None

    def show_hits(self, hits: list[SearchHit]) -> None:
        """Show search results: the chat's title, when, and the words around the match."""
        self._hits = list(hits)
        self.results.clear()
        if not hits:
            empty = QListWidgetItem(self.tr("No messages match"))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(empty)
            return
        now = datetime.now()
        for hit in hits:
            snippet = " ".join(hit.snippet.split())
            when = short_time(hit.created, now)
            item = QListWidgetItem(f"{hit.title} · {when}\n{snippet}")
            item.setData(TITLE_ROLE, hit.title)
            item.setData(WHEN_ROLE, when)
            item.setData(SNIPPET_ROLE, snippet)
            item.setToolTip(f"{hit.title}\n{exact_time(hit.created)}\n\n{snippet}")
            item.setData(ID_ROLE, hit.conversation_id)
            item.setData(POSITION_ROLE, hit.position)
            item.setData(MESSAGE_ROLE, hit.message_id)
            self.results.addItem(item)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a theme change: headers follow it
            muted = self.palette().color(QPalette.ColorRole.PlaceholderText)
            for item in self._items():
                if item.data(HEADER_ROLE):
                    item.setForeground(muted)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    # Actions ----------------------------------------------------------------

    def _selected_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None or item.data(HEADER_ROLE) else str(item.data(ID_ROLE))

    @Slot()
    def rename_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    @Slot()
    def delete_selected(self) -> None:
        chosen = self._selected_id()
        if chosen is not None:
            self.delete_requested.emit(chosen)

    @Slot(QPoint)
    def _on_context_menu(self, point: QPoint) -> None:
        item = self.list.itemAt(point)
        if item is None or item.data(HEADER_ROLE):
            return
        self.list.setCurrentItem(item)
        conversation_id = str(item.data(ID_ROLE))
        menu = QMenu(self)
        menu.addAction(self.tr("Rename"), self.rename_selected)
        menu.addAction(
            self.tr("Export as Markdown..."),
            lambda: self.export_requested.emit(conversation_id, "markdown"),
        )
        menu.addAction(
            self.tr("Export as JSON..."),
            lambda: self.export_requested.emit(conversation_id, "json"),
        )
        menu.addSeparator()
        menu.addAction(self.tr("Delete"), self.delete_selected)
        menu.exec(self.list.viewport().mapToGlobal(point))

    @Slot(QListWidgetItem)
    def _on_item_activated(self, item: QListWidgetItem) -> None:
        if item.data(HEADER_ROLE):
            return
        conversation_id = str(item.data(ID_ROLE))
        if conversation_id != self._current:
            self.conversation_chosen.emit(conversation_id)

    @Slot(QListWidgetItem)
    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._filling or item.data(HEADER_ROLE):
            return
        self.rename_requested.emit(str(item.data(ID_ROLE)), " ".join(item.text().split()))

    @Slot(QListWidgetItem)
    def _on_hit_activated(self, item: QListWidgetItem) -> None:
        conversation_id = item.data(ID_ROLE)
        if conversation_id is not None:
            position = int(item.data(POSITION_ROLE))
            self.hit_chosen.emit(str(conversation_id), position, str(item.data(MESSAGE_ROLE)))

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self.pages.setCurrentWidget(self.results if text.strip() else self.list)
        self.search_changed.emit(text.strip())
