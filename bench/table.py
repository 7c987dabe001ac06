"""The one results table: each figure beside its floor measured in the same run, the ratio, the
target (where the project set one) and whether it is met."""

from __future__ import annotations

from dataclasses import dataclass

MEMORY_BUDGET_MB = 1536  # the target the upload benchmark has held the app process to


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str  # "s", "rows/s", "MB/s", "MB", "%" or "" (a count)
    floor: float | None = None
    floor_name: str = ""
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.value / self.floor if self.floor else None


def formatted(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "s":
        return f"{value:.2f} s"
    if unit in ("rows/s", "MB"):
        return f"{value:,.0f} {unit}"
    if unit == "%":
        return f"{value:+.1f}%"
    if unit:
        return f"{value:,.1f} {unit}"
    return f"{value:,.0f}"


def within_memory_budget(name: str, peak_mb: float, floor: float | None = None,
                         floor_name: str = "") -> Figure:
    return Figure(name, peak_mb, "MB", floor, floor_name, f"< {MEMORY_BUDGET_MB:,} MB",
                  peak_mb < MEMORY_BUDGET_MB)


def render(figures: list[Figure]) -> str:
    header = ("figure", "value", "floor", "ratio", "target", "met")
    rows = [header] + [
        (f.name, formatted(f.value, f.unit),
         f"{formatted(f.floor, f.unit)} {f.floor_name}".strip() if f.floor is not None else "",
         f"{f.ratio:.2f}x" if f.ratio is not None else "",
         f.target, {True: "yes", False: "NO", None: ""}[f.met])
        for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(width) if i in (0, 2, 4) else cell.rjust(width)
                        for i, (cell, width) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)
