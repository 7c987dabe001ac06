"""Timing and memory of the processes a benchmark starts (Linux: /proc and wait4)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM)."""
    return _status_mb(pid, "VmHWM")


def memory_mb(pid: int) -> float:
    """The process's resident memory now (VmRSS)."""
    return _status_mb(pid, "VmRSS")


@dataclass(frozen=True)
class Finished:
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def run_measured(command: list[str], env: dict[str, str], cwd: Path) -> Finished:
    """Run a command to the end; its wall time and its own peak memory (wait4's ru_maxrss, which
    a process's last /proc reading would miss)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {stderr[-2000:]}")
    return Finished(seconds, usage.ru_maxrss / 1024, stdout, stderr)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
