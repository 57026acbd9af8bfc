"""Dates in the chat list: the group a chat falls in (Today, Yesterday, Previous 7 days,
then by month) and the exact time, all in the local time zone and the user's locale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

TODAY = "today"
YESTERDAY = "yesterday"
PREVIOUS_WEEK = "week"
MONTH = "month"


@dataclass(frozen=True)
class DateGroup:
    """A section of the chat list: ``kind`` is one of TODAY, YESTERDAY, PREVIOUS_WEEK
    and MONTH; ``month`` is the first day of the month for MONTH, else None."""

    kind: str
    month: date | None = None


def date_group(timestamp: float, now: datetime) -> DateGroup:
    """The section for a chat last updated at ``timestamp`` (seconds since the epoch),
    seen at ``now`` (naive datetimes are local time). A time after ``now`` is today."""
    day = datetime.fromtimestamp(timestamp).date()
    days_ago = (now.astimezone().date() - day).days
    if days_ago <= 0:
        return DateGroup(TODAY)
    if days_ago == 1:
        return DateGroup(YESTERDAY)
    if days_ago <= 7:
        return DateGroup(PREVIOUS_WEEK)
    return DateGroup(MONTH, day.replace(day=1))


def group_title(group: DateGroup) -> str:
    """The section header shown for ``group``, e.g. "Today" or "October 2026"."""
    if group.kind == TODAY:
        return QCoreApplication.translate("ChatDates", "Today")
    if group.kind == YESTERDAY:
        return QCoreApplication.translate("ChatDates", "Yesterday")
    if group.kind == PREVIOUS_WEEK:
        return QCoreApplication.translate("ChatDates", "Previous 7 days")
    assert group.month is not None
    month = QDate(group.month.year, group.month.month, 1)
    # A QLocale date format, so that a translation can put the year first ("yyyy年M月").
    pattern = QCoreApplication.translate("ChatDates", "MMMM yyyy", "month group header")
    return QLocale().toString(month, pattern)


def exact_time(timestamp: float) -> str:
    """The date and time of ``timestamp`` in the user's locale, e.g.
    "Wednesday, October 14, 2026, 3:05 PM"."""
    moment = QDateTime.fromMSecsSinceEpoch(int(timestamp * 1000))
    locale = QLocale()
    return QCoreApplication.translate("ChatDates", "{date}, {time}").format(
        date=locale.toString(moment.date(), QLocale.FormatType.LongFormat),
        time=locale.toString(moment.time(), QLocale.FormatType.ShortFormat),
    )


def short_time(timestamp: float, now: datetime) -> str:
    """A short date for a search result: the time today, the weekday within a week,
    else the date."""
    moment = QDateTime.fromMSecsSinceEpoch(int(timestamp * 1000))
    locale = QLocale()
    group = date_group(timestamp, now)
    if group.kind == TODAY:
        return locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    if group.kind in (YESTERDAY, PREVIOUS_WEEK):
        return locale.dayName(moment.date().dayOfWeek(), QLocale.FormatType.ShortFormat)
    return locale.toString(moment.date(), QLocale.FormatType.ShortFormat)
