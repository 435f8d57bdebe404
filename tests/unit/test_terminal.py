"""The terminal layout's rules on their own: words kept whole, widths within the room, cells counted."""

from __future__ import annotations

import random

import pytest
from rich.cells import cell_len

from flows.terminal import Column, fit, render_table, wrap_words


@pytest.mark.parametrize("seed", range(20))
def test_wrapping_keeps_every_word_whole_and_every_line_within_width(seed):
    rng = random.Random(seed)
    words = ["".join(rng.choice("abcdefgh任务") for _ in range(rng.randint(1, 9))) for _ in range(40)]
    width = rng.randint(18, 40)  # the longest word (9 wide characters) fits a line
    lines = wrap_words(" ".join(words), width)
    assert all(cell_len(line) <= width for line in lines)
    assert " ".join(lines).split() == words  # no word cut, none lost, none split across lines


def test_a_word_longer_than_the_line_is_truncated_not_split():
    assert wrap_words("short averyveryverylongword end", 10) == ["short", "averyvery…", "end"]


def test_fit_shrinks_the_widest_columns_first_and_never_below_their_minimum():
    assert fit([4, 40, 30], [4, 8, 8], 80) == [4, 40, 30]
    widths = fit([4, 40, 30], [4, 8, 8], 50)
    assert sum(widths) == 50 and widths[0] == 4 and widths[1] >= widths[2] >= 8
    assert fit([4, 40, 30], [4, 8, 8], 19) is None


def test_control_characters_cannot_reach_the_terminal():
    lines = render_table([Column("x")], [["red\x1b[31m"]], 40)
    assert "\x1b" not in "".join(lines) and "red\ufffd[31m" in lines[2]


def test_numbers_align_right_and_text_left():
    lines = render_table([Column("n", numeric=True), Column("t")], [[5, "a"], [1234, "bb"]], 40)
    assert lines[2:] == ["   5  a", "1234  bb"]
