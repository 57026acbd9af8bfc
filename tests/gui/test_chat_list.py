"""The chat list grouped by date (Today, Yesterday, Previous 7 days, then by month), the
exact time in each chat's tooltip, and search results drawn as a title and a snippet."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from PySide6.QtCore import QDate, QLocale, Qt, QTime
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem

from chatapp.core.conversation import Conversation, StoredMessage
from chatapp.core.store import ConversationStore, ConversationSummary, SearchHit
from chatapp.gui.chat_dates import (
    MONTH,
    PREVIOUS_WEEK,
    TODAY,
    YESTERDAY,
    DateGroup,
    date_group,
    group_title,
)
from chatapp.gui.search_hits import split_marks
from chatapp.gui.sidebar import ConversationSidebar

NOW = datetime(2026, 10, 14, 9, 30)


def _at(*when: int) -> float:
    """Seconds since the epoch of a local date and time."""
    return datetime(*when).timestamp()


@pytest.mark.parametrize(
    ("moment", "group"),
    [
        ((2026, 10, 14, 0, 1), DateGroup(TODAY)),
        ((2026, 10, 14, 23, 59), DateGroup(TODAY)),  # later today (or a clock ahead)
        ((2026, 10, 13, 23, 59), DateGroup(YESTERDAY)),
        ((2026, 10, 13, 0, 0), DateGroup(YESTERDAY)),
        ((2026, 10, 12, 23, 0), DateGroup(PREVIOUS_WEEK)),
        ((2026, 10, 7, 0, 0), DateGroup(PREVIOUS_WEEK)),
        ((2026, 10, 6, 23, 59), DateGroup(MONTH, datetime(2026, 10, 1).date())),
        ((2026, 9, 30, 12, 0), DateGroup(MONTH, datetime(2026, 9, 1).date())),
        ((2025, 10, 20, 12, 0), DateGroup(MONTH, datetime(2025, 10, 1).date())),
    ],
)
def test_date_group_goes_by_calendar_days_in_local_time(moment, group):
    assert date_group(_at(*moment), NOW) == group


def test_group_titles_name_the_month_and_year(qapp):
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        assert group_title(DateGroup(TODAY)) == "Today"
        assert group_title(DateGroup(YESTERDAY)) == "Yesterday"
        assert group_title(DateGroup(PREVIOUS_WEEK)) == "Previous 7 days"
        assert group_title(DateGroup(MONTH, datetime(2026, 10, 1).date())) == "October 2026"
    finally:
        QLocale.setDefault(QLocale.system())


def _summaries() -> list[ConversationSummary]:
    rows = [
        ("a", "Soup recipe", (2026, 10, 14, 8, 5)),
        ("b", "Bike repair", (2026, 10, 14, 7, 0)),
        ("c", "Zoo trip", (2026, 10, 13, 18, 0)),
        ("d", "Tax forms", (2026, 10, 10, 12, 0)),
        ("e", "Old poem", (2026, 9, 2, 12, 0)),
        ("f", "Older poem", (2026, 8, 30, 12, 0)),
    ]
    return [ConversationSummary(i, title, _at(*when), _at(*when), 4) for i, title, when in rows]


@pytest.fixture
def sidebar(qtbot) -> ConversationSidebar:
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    widget = ConversationSidebar()
    qtbot.addWidget(widget)
    widget.resize(240, 500)
    widget.set_conversations(_summaries(), now=NOW)
    widget.show()
    yield widget
    QLocale.setDefault(QLocale.system())


def test_the_list_has_date_headers_between_the_chats(sidebar):
    texts = [sidebar.list.item(row).text() for row in range(sidebar.list.count())]
    assert texts == [
        "Today",
        "Soup recipe",
        "Bike repair",
        "Yesterday",
        "Zoo trip",
        "Previous 7 days",
        "Tax forms",
        "September 2026",
        "Old poem",
        "August 2026",
        "Older poem",
    ]
    assert sidebar.headers() == ["Today", "Yesterday", "Previous 7 days"] + [
        "September 2026",
        "August 2026",
    ]
    assert sidebar.titles() == [
        "Soup recipe",
        "Bike repair",
        "Zoo trip",
        "Tax forms",
        "Old poem",
        "Older poem",
    ]


def test_headers_cannot_be_chosen_by_mouse_or_keyboard(qtbot, sidebar):
    header = sidebar.list.item(3)
    assert header.text() == "Yesterday"
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable
    assert not header.flags() & Qt.ItemFlag.ItemIsEnabled
    chosen: list[str] = []
    sidebar.conversation_chosen.connect(chosen.append)
    rect = sidebar.list.visualItemRect(header)
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen == [] and not header.isSelected()
    sidebar.list.setFocus()
    sidebar.list.setCurrentItem(sidebar.item_for("b"))
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Down)
    assert sidebar.list.currentItem() is sidebar.item_for("c")  # past the header
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Return)
    assert chosen == ["c"]
    sidebar.set_current("c")
    qtbot.keyClick(sidebar.list, Qt.Key.Key_Up)
    assert sidebar.list.currentItem() is sidebar.item_for("b")


def test_each_chat_tells_its_exact_time_in_its_tooltip(sidebar):
    tip = sidebar.item_for("a").toolTip()
    locale = QLocale()
    assert tip.startswith("Soup recipe\n")
    assert locale.toString(QDate(2026, 10, 14), QLocale.FormatType.LongFormat) in tip
    assert locale.toString(QTime(8, 5), QLocale.FormatType.ShortFormat) in tip
    assert "4 message" in tip  # "%n message(s)": the English plural comes with a translation


def test_marks_skip_the_headers(sidebar):
    sidebar.set_reply_marks({"c": "generating", "d": "waiting"})
    assert sidebar.mark_of("c") == "generating" and sidebar.mark_of("d") == "waiting"
    header = sidebar.list.item(0)
    assert header.icon().isNull()


def test_headers_follow_a_palette_change(sidebar):
    palette = sidebar.palette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#123456"))
    sidebar.setPalette(palette)
    assert sidebar.list.item(0).foreground().color() == QColor("#123456")


def test_split_marks_finds_the_matched_words():
    assert split_marks("…one «walrus» named «Wally»") == (
        "…one walrus named Wally",
        [(5, 6), (18, 5)],
    )


def test_a_search_result_is_a_title_line_and_a_two_line_snippet(qtbot, sidebar):
    long_title = "A very long chat title that cannot fit on one line of the sidebar at all"
    snippet = "word " * 60 + "«walrus» " + "word " * 60
    hit = SearchHit("a", long_title, "m1", 3, "user", snippet, _at(2026, 10, 14, 8, 0))
    sidebar.show_hits([hit])
    results = sidebar.results
    item = results.item(0)
    assert item.text().startswith(f"{long_title} · ")
    assert item.toolTip().startswith(long_title)
    option = QStyleOptionViewItem()
    option.initFrom(results)
    delegate = results.itemDelegate()
    height = delegate.sizeHint(option, results.indexFromItem(item)).height()
    line = results.fontMetrics().lineSpacing()
    assert 3 * line <= height <= 4 * line + 12  # title and two lines, not the whole snippet
    assert results.visualItemRect(item).height() == height


def test_search_results_draw_within_their_rows(qtbot, sidebar):
    """Drawn into an image, a long result leaves the row below it empty."""
    snippet = "lorem ipsum " * 80
    hits = [SearchHit("a", "Title " * 20, "m1", 0, "user", snippet, _at(2026, 10, 14, 8, 0))]
    sidebar.show_hits(hits)
    results = sidebar.results
    rect = results.visualItemRect(results.item(0))
    image = QImage(rect.right() + 1, rect.bottom() + 60, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(results)
    option.rect = rect
    results.itemDelegate().paint(painter, option, results.indexFromItem(results.item(0)))
    painter.end()
    below = [
        image.pixel(x, y)
        for y in range(rect.bottom() + 2, image.height())
        for x in range(0, image.width(), 3)
    ]
    drawn = [
        image.pixel(x, y)
        for y in range(rect.top(), rect.bottom())
        for x in range(0, image.width(), 3)
    ]
    assert any(drawn) and not any(below)


def test_the_window_groups_its_chats_and_searching_still_works(qtbot, open_window, paths):
    old = time.time() - 400 * 86400
    chats = [
        Conversation(
            title="Old chat",
            created=old,
            updated=old,
            messages=[StoredMessage("user", "A walrus long ago.", created=old)],
        ),
        Conversation(title="Fresh chat", messages=[StoredMessage("user", "Hello walrus.")]),
    ]
    store = ConversationStore(paths.conversations_db)
    for chat in chats:
        store.save_all(chat)
    store.close()
    window = open_window()
    assert window.sidebar.titles() == ["Fresh chat", "Old chat"]
    month = datetime.fromtimestamp(old)
    assert window.sidebar.headers() == [
        "Today",
        QLocale().toString(QDate(month.year, month.month, 1), "MMMM yyyy"),
    ]
    qtbot.keyClicks(window.sidebar.search_box, "walrus")
    results = window.sidebar.results
    assert results.count() == 2
    wanted = next(
        results.item(i) for i in range(results.count()) if "Old chat" in results.item(i).text()
    )
    rect = results.visualItemRect(wanted)
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.keeper.current.title == "Old chat"
