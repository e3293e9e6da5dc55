"""What an import found and did, in a form both people (the CLI) and code (tests, callers) can read.

Problems name the record (its position in the feed, or the spreadsheet row for CSV files), the record's
own id as the publisher wrote it, the field (or CSV column) and the reason, so a publisher can fix the
source rather than guess.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]
Action = Literal["create", "update", "unchanged"]

# Enough to show every fault of a realistic feed; a feed broken throughout still gets its counts.
MAX_STORED_PROBLEMS = 5000


@dataclass(frozen=True)
class Problem:
    """One fault: `record` is 1-based (the CSV row number for spreadsheets); None for the whole file.

    `code`, when set, is a stable message id (`url_address_refused`, `json_too_deep`...) for programs that
    act on a report; `reason` says the same in words, with the details, for people.
    """

    record: int | None
    record_id: str | None
    field: str
    reason: str
    severity: Severity = "error"
    code: str = ""

    def describe(self, unit: str = "record") -> str:
        where = "file" if self.record is None else f"{unit} {self.record}"
        if self.record_id:
            where += f" (id {self.record_id})"
        label = "column" if unit == "row" and self.field and self.record is not None else ""
        subject = f"{label} {self.field}".strip() if self.field else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{subject + ': ' if subject else ''}{self.reason}"


@dataclass(frozen=True)
class Outcome:
    """What the import did (or, in a dry run, would do) with one record."""

    record: int
    record_id: str
    name: str
    action: Action


@dataclass
class ImportReport:
    """Counts, problems and (for dry runs) per-record outcomes of one import."""

    source: str
    kind: str = "oruk"
    unit: str = "record"
    dry_run: bool = False
    skip_invalid: bool = False
    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    written: bool = False
    problems: list[Problem] = field(default_factory=list)
    problems_not_stored: int = 0
    error_count: int = 0
    warning_count: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    unmapped_terms: Counter[str] = field(default_factory=Counter)
    ignored_fields: Counter[str] = field(default_factory=Counter)

    # --- recording ------------------------------------------------------------------------------------

    def add(self, problem: Problem) -> None:
        if problem.severity == "error":
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self.problems) < MAX_STORED_PROBLEMS:
            self.problems.append(problem)
        else:
            self.problems_not_stored += 1

    def error(
        self, record: int | None, record_id: str | None, field_path: str, reason: str, *, code: str = ""
    ) -> None:
        self.add(Problem(record, record_id, field_path, reason, "error", code))

    def warning(self, record: int | None, record_id: str | None, field_path: str, reason: str) -> None:
        self.add(Problem(record, record_id, field_path, reason, "warning"))

    def count(self, outcome: Outcome, *, keep: bool) -> None:
        if outcome.action == "create":
            self.created += 1
        elif outcome.action == "update":
            self.updated += 1
        else:
            self.unchanged += 1
        if keep:
            self.outcomes.append(outcome)

    # --- reading --------------------------------------------------------------------------------------

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when the import went (or, in a dry run, would go) ahead."""
        return self.error_count == 0 or (self.skip_invalid and not self.fatal)

    @property
    def fatal(self) -> bool:
        """File-level errors (encoding, syntax, loops...) stop an import even with skip_invalid."""
        return any(p.record is None and p.severity == "error" for p in self.problems)

    def render(self, *, limit: int = 200) -> str:
        """A readable summary for the CLI and logs."""
        status = "dry run" if self.dry_run else ("written" if self.written else "FAILED, nothing was written")
        if self.dry_run and not self.ok:
            status = "dry run: would FAIL, nothing would be written"
        lines = [
            f"{self.kind} import from {self.source}: {status}",
            f"  {self.records} {self.unit}s read: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped",
        ]
        if self.dry_run and self.outcomes:
            lines.append("What would change:")
            for outcome in self.outcomes[:limit]:
                lines.append(
                    f"  {outcome.action:<9} {self.unit} {outcome.record}: {outcome.record_id} {outcome.name}"
                )
            if len(self.outcomes) > limit:
                lines.append(f"  ... and {len(self.outcomes) - limit} more")
        if self.problems:
            lines.append(f"Problems ({self.error_count} errors, {self.warning_count} warnings):")
            ordered = sorted(self.problems, key=lambda p: (p.severity != "error", p.record or 0))
            for problem in ordered[:limit]:
                lines.append(f"  {problem.describe(self.unit)}")
            hidden = len(self.problems) - min(len(self.problems), limit) + self.problems_not_stored
            if hidden:
                lines.append(f"  ... and {hidden} more")
        if self.unmapped_terms:
            terms = ", ".join(f"{name!r} x{count}" for name, count in self.unmapped_terms.most_common(50))
            lines.append(f"Taxonomy terms with no need mapping (kept as they are): {terms}")
        if self.ignored_fields:
            names = ", ".join(f"{name} x{count}" for name, count in self.ignored_fields.most_common(30))
            lines.append(f"Fields we do not store (ignored): {names}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, for `--report FILE` and machine readers."""
        return {
            "source": self.source,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "written": self.written,
            "ok": self.ok,
            "counts": {
                "records": self.records,
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": self.skipped,
                "errors": self.error_count,
                "warnings": self.warning_count,
            },
            "problems": [
                {
                    self.unit: p.record,
                    "id": p.record_id,
                    "field": p.field,
                    "reason": p.reason,
                    "severity": p.severity,
                    "code": p.code or None,
                }
                for p in self.problems
            ],
            "problems_not_listed": self.problems_not_stored,
            "outcomes": [
                {self.unit: o.record, "id": o.record_id, "name": o.name, "action": o.action}
                for o in self.outcomes
            ],
            "unmapped_terms": dict(self.unmapped_terms.most_common()),
            "ignored_fields": dict(self.ignored_fields.most_common()),
        }


class ImportFailed(Exception):
    """Raised when an import is refused; the database is unchanged and `report` says why."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.render(limit=20))
        self.report = report


class FeedError(Exception):
    """The file or feed as a whole cannot be read (encoding, syntax, shape, network); `code` is the
    message id the report gives the problem (see `Problem`)."""

    def __init__(self, reason: str, *, field_path: str = "", code: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field_path = field_path
        self.code = code
