"""Query results as people and programs read them: a table that fits the terminal, CSV, JSON, Markdown.

The table never wraps a word in the middle and never prints a line wider than the terminal: wide
results first truncate their widest columns (with "…"), and when every column would be cut below
MIN_COLUMN characters the result turns vertical, one `column  value` line per field. Widths are
counted in terminal cells (rich.cells), so Chinese labels line up. CSV, JSON and Markdown are for
programs and documents: they are streamed row by row, and their notes go to stderr.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import IO, Any

from rich.cells import cell_len, set_cell_size

FORMATS = ("table", "csv", "json", "markdown")
MIN_COLUMN = 8  # a truncated column keeps at least this many cells, or the layout turns vertical
MIN_WRAPPED = 24  # a column of prose (descriptions) wraps at words down to this width
GAP = "  "
ELLIPSIS = "…"
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL")
NUMERIC_TYPES += tuple("U" + t for t in NUMERIC_TYPES[:5])


@dataclass(frozen=True)
class Column:
    name: str
    numeric: bool = False  # right-aligned
    wrap: bool = False  # prose: wraps at spaces instead of being truncated

    @classmethod
    def from_duckdb(cls, name: str, type_name: str) -> Column:
        return cls(name, numeric=str(type_name).upper().startswith(NUMERIC_TYPES))


def terminal_width() -> int:
    """COLUMNS, else the width of whichever standard stream is a terminal (stdout may be a pipe), else 80."""
    if os.environ.get("COLUMNS", "").isdigit():
        return max(int(os.environ["COLUMNS"]), 20)
    for stream in (sys.__stdout__, sys.__stderr__, sys.__stdin__):
        try:
            return max(os.get_terminal_size(stream.fileno()).columns, 20)
        except (AttributeError, ValueError, OSError):
            continue
    return shutil.get_terminal_size((80, 24)).columns


# --- values as text ---------------------------------------------------------------------------


def text(value: Any, null: str = "NULL") -> str:
    """A value as SQL people read it: true/false, ISO dates, exact decimals, [lists]."""
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bytes | bytearray):
        return "\\x" + value.hex()
    return str(value)


# control characters would move the terminal's cursor: shown as U+FFFD instead
CONTROL = {c: "\ufffd" for c in [*range(32), 127] if chr(c) not in "\n\r\t"}


def one_line(value: str) -> str:
    value = value.translate(CONTROL)
    return " ".join(value.split()) if any(c in value for c in "\n\r\t") else value


def json_value(value: Any) -> Any:
    """JSON keeps numbers as numbers: a decimal is written as a number when a float shows it exactly."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, timedelta):
        return str(value)
    return text(value)


# --- the table --------------------------------------------------------------------------------


def fit(column_widths: Sequence[int], minimums: Sequence[int], room: int) -> list[int] | None:
    """Widths that fit `room`: the widest columns shrink first, none below its minimum; None if impossible."""
    if sum(column_widths) <= room:
        return list(column_widths)
    if sum(minimums) > room:
        return None
    low, high = 0, max(column_widths)
    while low < high:  # the largest cap t with sum(min(width, max(minimum, t))) <= room
        cap = (low + high + 1) // 2
        if sum(min(w, max(m, cap)) for w, m in zip(column_widths, minimums, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = [min(w, max(m, low)) for w, m in zip(column_widths, minimums, strict=True)]
    spare = room - sum(widths)
    for i, natural in enumerate(column_widths):  # hand out what is left, one cell each, left to right
        if spare and widths[i] < natural:
            widths[i] += 1
            spare -= 1
    return widths


def truncate(value: str, width: int) -> str:
    if cell_len(value) <= width:
        return value
    return set_cell_size(value, max(width - 1, 0)).rstrip() + ELLIPSIS if width > 0 else ""


def wrap_words(value: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken at spaces only; a word longer than a line is truncated."""
    lines: list[str] = []
    for paragraph in value.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = truncate(word, width)
        lines.append(line)
    return lines


def pad(value: str, width: int, right: bool) -> str:
    space = " " * (width - cell_len(value))
    return space + value if right else value + space


def table_lines(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[str] | None:
    """A table of at most `width` cells per line, or None when it cannot fit without crushing columns."""
    naturals = [max([cell_len(c.name)] + [cell_len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    minimums = [min(n, MIN_WRAPPED if c.wrap else MIN_COLUMN) for n, c in zip(naturals, columns, strict=True)]
    widths = fit(naturals, minimums, width - len(GAP) * (len(columns) - 1))
    if widths is None:
        return None

    def line(cells: Iterable[str]) -> str:
        return GAP.join(cells).rstrip()

    out = [line(pad(truncate(c.name, w), w, c.numeric) for c, w in zip(columns, widths, strict=True))]
    out.append(line("─" * w for w in widths))
    for row in rows:
        cells = [
            wrap_words(value, w) if c.wrap else [truncate(value, w)]
            for c, w, value in zip(columns, widths, row, strict=True)
        ]
        for k in range(max(len(c) for c in cells)):
            out.append(
                line(
                    pad(c[k] if k < len(c) else "", w, col.numeric)
                    for c, w, col in zip(cells, widths, columns, strict=True)
                )
            )
    return out


def vertical_lines(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """One block per row, one `name  value` line per column; long values wrap at words."""
    name_width = min(max(cell_len(c.name) for c in columns), max(width // 3, MIN_COLUMN))
    value_width = max(width - name_width - len(GAP), MIN_COLUMN)
    rule = min(width, name_width + len(GAP) + max([cell_len(v) for r in rows for v in r] + [MIN_COLUMN]))
    out: list[str] = []
    for number, row in enumerate(rows, 1):
        head = f"── row {number} "
        out.append(head + "─" * max(rule - cell_len(head), 2))
        for column, value in zip(columns, row, strict=True):
            for k, part in enumerate(wrap_words(value, value_width)):
                label = pad(truncate(column.name, name_width), name_width, False) if k == 0 else " " * name_width
                out.append(f"{label}{GAP}{part}".rstrip())
    return out


def render_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: int) -> list[str]:
    cells = [
        [text(v).translate(CONTROL) if c.wrap else one_line(text(v)) for c, v in zip(columns, r, strict=True)]
        for r in rows
    ]
    return table_lines(columns, cells, width) or vertical_lines(columns, cells, width)


# --- formats for programs and documents ---------------------------------------------------------


def write_csv(columns: Sequence[Column], rows: Iterable[Sequence[Any]], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([text(v, null="") for v in row])


def write_json(columns: Sequence[Column], rows: Iterable[Sequence[Any]], out: IO[str]) -> None:
    """A JSON array of objects, one object per line."""
    names = [c.name for c in columns]
    out.write("[")
    for k, row in enumerate(rows):
        obj = {n: json_value(v) for n, v in zip(names, row, strict=True)}
        out.write(("\n" if k == 0 else ",\n") + json.dumps(obj, ensure_ascii=False))
    out.write("\n]\n")


def markdown_cell(value: Any) -> str:
    return one_line(text(value, null="")).replace("\\", "\\\\").replace("|", "\\|")


def markdown_lines(columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """A GitHub table, padded so that it also reads as plain text; numbers aligned right."""
    rows = [[markdown_cell(v) for v in r] for r in rows]
    heads = [markdown_cell(c.name) for c in columns]
    widths = [max([3, cell_len(h)] + [cell_len(r[i]) for r in rows]) for i, h in enumerate(heads)]
    yield "| " + " | ".join(pad(h, w, c.numeric) for h, w, c in zip(heads, widths, columns, strict=True)) + " |"
    rule = ["-" * (w - 1) + ":" if c.numeric else "-" * w for w, c in zip(widths, columns, strict=True)]
    yield "| " + " | ".join(rule) + " |"
    for row in rows:
        yield "| " + " | ".join(pad(v, w, c.numeric) for v, w, c in zip(row, widths, columns, strict=True)) + " |"


def write_markdown(columns: Sequence[Column], rows: Iterable[Sequence[Any]], out: IO[str]) -> None:
    for line in markdown_lines(columns, rows):
        out.write(line + "\n")


def write_result(
    fmt: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], out: IO[str], width: int | None = None
) -> None:
    if fmt == "table":
        for line in render_table(columns, list(rows), width or terminal_width()):
            out.write(line + "\n")
    elif fmt == "csv":
        write_csv(columns, rows, out)
    elif fmt == "json":
        write_json(columns, rows, out)
    elif fmt == "markdown":
        write_markdown(columns, rows, out)
    else:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


# --- a reader that stops reading is not an error ------------------------------------------------

CLOSED_PIPE_STATUS = 141  # 128 + SIGPIPE: what `cat` or `seq` report when `head` stops reading


def closed_pipe() -> int:
    """Send the rest of our output to /dev/null (so that the exit flush is silent) and say so by status only."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return CLOSED_PIPE_STATUS
