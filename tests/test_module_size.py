"""No Python module in the repository is over 600 lines (issue 15, "Structure to match").

A module that long holds more than one job, and every helper who edits it collides with the
others at merge time; split it by concern (see data/demo_extracts/ or contracts/extracts/).
Only files git tracks are counted, so a local scratch file or the virtualenv never fails it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600


def tracked_python_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--", "*.py"], cwd=ROOT, check=True, capture_output=True
    ).stdout.decode("utf-8")
    return [ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()]


def line_count(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def test_no_tracked_python_module_is_over_600_lines():
    files = tracked_python_files()
    assert files, "git lists no Python files"
    too_long = sorted(
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in files
        if (lines := line_count(path)) > MAX_LINES
    )
    assert not too_long, (
        f"Split these by concern into modules of at most {MAX_LINES} lines: " + "; ".join(too_long)
    )
