import threading, time
from pathlib import Path
def test_dbg(qtbot, open_window, fake_backend):
    window = open_window(fake_backend)
    fake_backend.load_delay = 1.0
    print("START", time.monotonic())
    window.load_model(Path("x.gguf"))
    qtbot.wait(1500)
    assert 0
