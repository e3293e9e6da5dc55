"""Small numbers hidden, and whatever would let someone subtract their way back to them.

Every count that any page, CSV or the feed can show for a period is a cell with a key; a `Line` says
that one cell (a total) is the sum of others (its parts). Primary suppression hides every cell below the
threshold (zero included: "fewer than 5" is all a reader learns). Secondary suppression then looks at
every line: where exactly one of its cells is hidden, the other cells would give it away by subtraction,
so the smallest visible part (or the total, when no part is visible) is hidden too, until no line has a
lone hidden cell. A lone hidden zero is left alone: working out that nobody did something discloses
nobody, and protecting zeros would hide the very gaps the pages exist to show (a need searched 12
times that found no local service at all). Because every output of a period draws from the same cells
and lines, a total shown on one page cannot undo a cell hidden on another.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

Key = Hashable
DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Line:
    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class Cell:
    """What a reader may see: the count, or None when it is suppressed."""

    value: int | None
    threshold: int = DEFAULT_THRESHOLD

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def csv(self) -> str:
        return str(self.value) if self.value is not None else f"<{self.threshold}"

    def json(self) -> int | None:
        return self.value


def suppress(
    values: Mapping[Key, int], lines: Iterable[Line], threshold: int = DEFAULT_THRESHOLD
) -> set[Key]:
    """The keys to hide. A key used in a line but absent from `values` counts as zero."""
    lines = list(lines)
    counts = dict(values)
    for line in lines:
        for key in (line.total, *line.parts):
            counts.setdefault(key, 0)
    hidden = {key for key, value in counts.items() if value < threshold}
    changed = True
    while changed:
        changed = False
        for line in lines:
            members = (line.total, *line.parts)
            alone = [key for key in members if key in hidden]
            if len(alone) != 1 or counts[alone[0]] == 0:
                continue
            visible = [key for key in line.parts if key not in hidden] or [line.total]
            hidden.add(min(visible, key=lambda key: (counts[key], repr(key))))
            changed = True
    return hidden


class Suppressed:
    """Counts with their suppression decided once: `cell(key)` is what any output may show."""

    def __init__(self, values: Mapping[Key, int], lines: Iterable[Line], threshold: int = DEFAULT_THRESHOLD):
        self.threshold = threshold
        self._values = dict(values)
        self._hidden = suppress(self._values, lines, threshold)

    def cell(self, key: Key) -> Cell:
        if key in self._hidden or self._values.get(key, 0) < self.threshold:
            return Cell(None, self.threshold)
        return Cell(self._values[key], self.threshold)

    def keys(self) -> Iterable[Key]:
        """Every cell with a count (shown or hidden)."""
        return self._values.keys()

    def true_value(self, key: Key) -> int:
        """The unsuppressed count, for ordering decisions made on the server only; never displayed."""
        return self._values.get(key, 0)
