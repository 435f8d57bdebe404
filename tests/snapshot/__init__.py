"""Tests of the bundled source snapshot and the oracle that checks it."""
