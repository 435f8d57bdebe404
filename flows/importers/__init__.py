"""Importers: real exports of the OHCHR systems in, a source root of the contract out.

    spfacts import communications-xlsx EXPORT.xlsx... --base ROOT --out NEW_ROOT
    spfacts import undl-marcxml FILE.xml...|URL --base ROOT --out NEW_ROOT

Each importer reads one public layout (docs/imports.md), maps every name through a reference CSV
of flows/reference/ (mapping.py: never a guess; an unmapped value stops the import with the list
of every such value and where it occurs), and hands contract files to root.py, which writes a new
root: the imported datasets from the export, every other dataset from the base root, a manifest
whose provenance says which datasets are real, from which export, and which contract columns
the export cannot give (they stay empty; the figures that need them are null).

Modules: mapping (reference CSVs, problems), xlsx (communications database export), marcxml (UN
Digital Library MARCXML), root (the new root, written all or nothing), render (the reverse: a
root's records in the real layouts, for the round-trip proof), cli (the `spfacts import` command).
"""

from .mapping import ImportRefused

__all__ = ["ImportRefused"]
