"""Small numbers are hidden, and so is whatever would let a reader subtract their way back to them."""

from __future__ import annotations

from directory.insight.suppression import Cell, Line, Suppressed, suppress


def test_counts_below_the_threshold_are_hidden_zero_included() -> None:
    hidden = suppress({"a": 4, "b": 5, "c": 0, "d": 12}, [])
    assert hidden == {"a", "c"}


def test_a_lone_hidden_part_hides_the_smallest_visible_part_of_its_line() -> None:
    values = {"total": 30, "a": 3, "b": 12, "c": 15}
    hidden = suppress(values, [Line("total", ("a", "b", "c"))])
    assert hidden == {"a", "b"}  # with b shown, a = total - b - c


def test_a_hidden_total_with_every_part_visible_is_not_left_alone() -> None:
    values = {"total": 14, "a": 7, "b": 7, "row": 14, "x": 2, "y": 12}
    # "total" is tied to a second line where it is a part
    hidden = suppress(values, [Line("total", ("a", "b")), Line("grand", ("total", "other"))], threshold=15)
    assert {"total", "a", "b"} <= hidden


def test_suppression_spreads_across_linked_lines_until_none_has_a_lone_hidden_cell() -> None:
    values = {
        ("row", 1): 20, ("row", 2): 20, ("col", 1): 20, ("col", 2): 20, ("all",): 40,
        (1, 1): 2, (1, 2): 18, (2, 1): 18, (2, 2): 2,
    }  # fmt: skip
    lines = [
        Line(("row", 1), ((1, 1), (1, 2))),
        Line(("row", 2), ((2, 1), (2, 2))),
        Line(("col", 1), ((1, 1), (2, 1))),
        Line(("col", 2), ((1, 2), (2, 2))),
        Line(("all",), (("row", 1), ("row", 2))),
    ]
    hidden = suppress(values, lines)
    for line in lines:
        assert sum(1 for key in (line.total, *line.parts) if key in hidden) != 1
    assert (1, 1) in hidden and (2, 2) in hidden


def test_a_cell_says_fewer_than_the_threshold_and_never_its_value() -> None:
    cells = Suppressed({"a": 3, "b": 9, "t": 12}, [Line("t", ("a", "b"))])
    assert cells.cell("a") == Cell(None) and cells.cell("a").csv() == "<5"
    assert cells.cell("b").suppressed and cells.cell("t") == Cell(12)
    assert cells.cell("never-counted").suppressed
