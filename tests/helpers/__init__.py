"""Factories and window helpers shared by the test packages."""
