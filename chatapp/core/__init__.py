"""Pure-Python core of ChatApp. Nothing below this package may import Qt."""
