"""Test helpers shared by unit and integration tests (loopback HTTP server, tiny source roots)."""
