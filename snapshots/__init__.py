"""Bundled source roots and the code that builds them (see README.md)."""
