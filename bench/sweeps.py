"""The browser checks' full sweeps, kept out of `make test` because each repeats at a second
size a check `make test` already makes: every demo slide at 1920x1080 as well as at the
committee room's 1366x768 (tests/test_browser_slide_fit.py). They run here through pytest with
SCRUTINY_FULL_SWEEPS=1, which adds the second size to the test's cases."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from bench.table import Figure

ROOT = Path(__file__).resolve().parents[1]
FULL_SWEEPS = "SCRUTINY_FULL_SWEEPS"
SWEPT = ["tests/test_browser_slide_fit.py"]


def sweeps(work: Path) -> list[Figure]:
    """Run the swept tests with every size; one figure for the failures, one for the time."""
    work.mkdir(parents=True, exist_ok=True)
    report = work / "sweeps.xml"
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    f"--junitxml={report}", *SWEPT], cwd=ROOT, check=False,
                   env={**os.environ, FULL_SWEEPS: "1"})
    seconds = time.monotonic() - started
    suite = ElementTree.parse(report).getroot().iter("testsuite")
    counts = [(int(s.get("tests", 0)), int(s.get("failures", 0)) + int(s.get("errors", 0)))
              for s in suite]
    tests, failed = sum(t for t, _ in counts), sum(f for _, f in counts)
    return [Figure(f"Browser sweeps failing (of {tests}: slide fit at every size)", failed, "",
                   target="0", met=tests > 0 and failed == 0),
            Figure("Browser sweeps' time", seconds, "s")]
