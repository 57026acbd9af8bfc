"""Fakes shipped with the package for tests and the bench: no llama.cpp, no Qt."""
