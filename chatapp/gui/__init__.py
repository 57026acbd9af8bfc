"""Everything Qt: the ChatApp window."""

import PySide6  # noqa: F401 (first: every module imported after it is scanned by its hook)

from chatapp.gui.pyside_feature import scan_sources_lightly

scan_sources_lightly()
