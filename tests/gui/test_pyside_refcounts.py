"""PySide6 must not drop references to True or False when Python emits signals: 6.12.0
did on every ``Signal.emit()``, and Python 3.10/3.11 then abort ("bool_dealloc") after
a few thousand signals, that is within minutes of streaming replies."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal, Slot


class _Sender(QObject):
    text_sent = Signal(str)
    thing_sent = Signal(object)


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.received = 0

    @Slot(str)
    @Slot(object)
    def take(self, _value: object) -> None:
        self.received += 1


def test_emitting_signals_keeps_the_bool_reference_counts(qapp):
    sender, receiver = _Sender(), _Receiver()
    sender.text_sent.connect(receiver.take)
    sender.thing_sent.connect(receiver.take)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(100):
        sender.text_sent.emit("token")
        sender.thing_sent.emit(None)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert receiver.received == 200
    assert after[0] >= before[0] - 5 and after[1] >= before[1] - 5, (before, after)
