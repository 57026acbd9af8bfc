"""The composer's context meter: its bar takes the level's colour, re-styled only on a change."""

from __future__ import annotations

from chatapp.core.token_budget import BudgetReading
from chatapp.gui.composer import Composer


def test_the_bar_colour_follows_the_level_and_is_set_only_when_it_changes(qtbot):
    composer = Composer()
    qtbot.addWidget(composer)
    polished: list[str] = []
    set_style = composer.meter_bar.setStyleSheet

    def counting(sheet: str) -> None:
        polished.append(sheet)
        set_style(sheet)

    composer.meter_bar.setStyleSheet = counting  # type: ignore[method-assign]
    composer.show_budget(BudgetReading(used=10, total=100, draft=0, exact=True))
    composer.show_budget(BudgetReading(used=20, total=100, draft=0, exact=True))
    assert "#2da44e" in composer.meter_bar.styleSheet()
    assert composer.meter_bar.value() == 20
    composer.show_budget(BudgetReading(used=90, total=100, draft=0, exact=True))
    assert "#bf8700" in composer.meter_bar.styleSheet()
    composer.show_budget(BudgetReading(used=120, total=100, draft=0, exact=True))
    assert "#cf222e" in composer.meter_bar.styleSheet()
    assert len(polished) == 3  # ok, tight, over: not once per reading
    composer.show_budget(None)
    assert composer.meter_bar.isHidden()
