"""Everything Qt: the ChatApp window."""
