"""The stores and files the benchmarks run on: the demo store, and the demo store with national
volumes of police.uk street crime (about 500,000 rows a month for England and Wales, so 6M rows
is a year and 30M five), loaded month by month through `cli.py ingest` as an officer would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

from bench.process import run_measured
from data.police_files import police_lsoas_for_bench, write_police_month

ROOT = Path(__file__).resolve().parents[1]
NATIONAL_LSOAS = 35_000  # England and Wales have about 35,700 LSOAs
NATIONAL_FORCE = "National Bench Police"
CHUNK_ROWS = 1_000_000  # write_police_month holds a whole file in memory: bigger ones go in parts


def store_env(store: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "SCRUTINY_STORE": str(store), **extra}


def cli(store: Path, *args: str, stdin: str | None = None, **env: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], env=store_env(store, **env),
                   input=stdin, text=True, cwd=ROOT, check=True, capture_output=True)


def build_demo(store: Path) -> None:
    cli(store, "demo")


def copy_store(source: Path, target: Path) -> None:
    """A store file with its archive folder, to write to without touching the original."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, target)
    archive = source.parent / f"{source.stem}-archive"
    if archive.is_dir():
        shutil.copytree(archive, target.parent / f"{target.stem}-archive", dirs_exist_ok=True)


def write_police_file(path: Path, month: str, rows: int, seed: int,
                      force: str = NATIONAL_FORCE) -> Path:
    """One police.uk month of `rows` rows over national-sized LSOAs."""
    lsoas = police_lsoas_for_bench(NATIONAL_LSOAS)
    with path.open("wb") as out:
        for index, start in enumerate(range(0, rows, CHUNK_ROWS)):
            part = path.with_name(f"{path.name}.part")
            write_police_month(part, month, lsoas, min(CHUNK_ROWS, rows - start),
                               np.random.default_rng(seed + index), force=force)
            with part.open("rb") as chunk:
                if index:
                    chunk.readline()  # the header, once
                shutil.copyfileobj(chunk, out)
            part.unlink()
    return path


def police_zip(csv_path: Path) -> Path:
    """The file as police.uk hands it out: a zip of month folders (a 1M-row CSV is over the
    200 MB upload limit; its zip is not)."""
    zip_path = csv_path.with_suffix(".zip")
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.write(csv_path, f"{csv_path.name[:7]}/{csv_path.name}")
    return zip_path


def month_stamp(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{2016 + year}-{month + 1:02d}"


def add_police_months(store: Path, months: range, month_rows: int, folder: Path) -> list[float]:
    """Load one police.uk file per month into `store` with `cli.py ingest`; seconds per load."""
    seconds = []
    for index in months:
        stamp = month_stamp(index)
        file = write_police_file(folder / f"{stamp}-national-street.csv", stamp, month_rows, index)
        seconds.append(run_measured([sys.executable, str(ROOT / "cli.py"), "ingest", str(file)],
                                    store_env(store), ROOT).seconds)
        file.unlink()
    return seconds
