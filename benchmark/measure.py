"""Figures of a benchmark run, the targets they are held to, and the one table that shows them."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest sample at or above `share` of the sorted samples."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    samples: int

    @classmethod
    def of(cls, seconds: list[float]) -> "Timing":
        millis = [s * 1000 for s in seconds]
        return cls(round(statistics.median(millis), 2), round(percentile(millis, 0.95), 2), len(millis))


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


@dataclass
class Check:
    """One target of the issue with the figure measured against it."""

    section: str
    name: str
    measured: float
    target: str
    ok: bool

    @property
    def result(self) -> str:
        return "MET" if self.ok else "MISSED"


def at_most(limit: float, unit: str = "") -> tuple[str, Callable[[float], bool]]:
    return f"≤ {limit:g}{unit}", lambda value: value <= limit


def at_least(limit: float, unit: str = "") -> tuple[str, Callable[[float], bool]]:
    return f"≥ {limit:g}{unit}", lambda value: value >= limit


@dataclass
class Row:
    """A line of the table: what was measured, what it was compared with, and the target if it has one."""

    section: str
    what: str
    measured: str
    peer: str = ""
    target: str = ""
    result: str = ""


@dataclass
class Results:
    dataset: dict = field(default_factory=dict)
    sections: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def row(self, section: str, what: str, measured: str, peer: str = "", target: str = "") -> None:
        """A figure without a target of its own (`target` may say why, e.g. "none set")."""
        self.rows.append(Row(section, what, measured, peer, target))

    def check(self, section: str, what: str, value: float, shown: str, rule, peer: str = "") -> bool:
        target, passes = rule
        ok = bool(passes(value))
        self.checks.append(Check(section, what, value, target, ok))
        self.rows.append(Row(section, what, shown, peer, target, "MET" if ok else "MISSED"))
        return ok

    def as_dict(self) -> dict:
        return {
            "dataset": self.dataset,
            **self.sections,
            "checks": [{**asdict(c), "result": c.result} for c in self.checks],
            "all_targets_met": all(c.ok for c in self.checks),
        }


HEADERS = ("section", "what", "measured", "compared with", "target", "result")


def format_table(rows: list[Row]) -> str:
    cells = [HEADERS] + [(r.section, r.what, r.measured, r.peer, r.target, r.result) for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADERS))]
    rule = "+".join("-" * (w + 2) for w in widths)
    lines = [" | ".join(text.ljust(w) for text, w in zip(line, widths, strict=True)).rstrip() for line in cells]
    return "\n".join([lines[0], rule, *lines[1:]])
