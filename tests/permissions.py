"""Running a check in a process that file permissions apply to, even as root."""

from __future__ import annotations

import os
import shutil


def without_permission_bypass(command: list[str]) -> list[str]:
    """``command`` as it is, or, for root, under setpriv without the capabilities that
    let root read and write everything."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test permissions as root"
    caps = "-dac_override,-dac_read_search"
    return [setpriv, "--bounding-set", caps, "--inh-caps", caps, *command]
