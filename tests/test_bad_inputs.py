"""Every kind of bad input in tests/bad_inputs.py, through the command line as an officer's
script runs it: refused with exit 1 and a sentence naming what is wrong, no traceback, nothing
stored, and no byte of the refused file kept beside the store, in the archive or in temp."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pytest
from bad_inputs import KINDS, published

import cli
from conftest import upload, write
from ingest.readers import WORKDIR_PREFIX

LONGEST_LINE = 1_000  # a value is never echoed whole


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad-inputs") / "store" / "s.duckdb"
    old = os.environ.get("SCRUTINY_STORE")
    os.environ["SCRUTINY_STORE"] = str(path)
    yield path
    if old is None:
        del os.environ["SCRUTINY_STORE"]
    else:
        os.environ["SCRUTINY_STORE"] = old


def stored_rows(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [name for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'rows_%' "
            "OR table_name IN ('loads', 'load_files', 'changes')").fetchall()]
        return sum(con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
    finally:
        con.close()


def kept_bytes(path: Path) -> list[Path]:
    archive = path.parent / f"{path.stem}-archive"
    beside = [p for p in archive.rglob("*") if p.is_file()] if archive.exists() else []
    temp = list(Path(tempfile.gettempdir()).glob(f"{WORKDIR_PREFIX}{os.getpid()}-*"))
    return beside + temp


def test_the_table_holds_at_least_a_hundred_kinds():
    assert len(KINDS) >= 100


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_a_bad_input_is_refused_in_a_sentence_and_leaves_nothing(kind, store_path, tmp_path, capsys):
    paths = []
    for name, data in kind.files.items():
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    try:
        code = cli.main(["--wait", "0", "ingest", *paths, *kind.options])
    except BaseException as error:  # a traceback is what this table exists to catch
        pytest.fail(f"{kind.name}: {type(error).__name__}: {str(error)[:300]}")
    said = capsys.readouterr()
    told = said.err
    assert code == 1, f"{kind.name}: exit {code}\n{said.out}\n{told[:2000]}"
    assert "Traceback" not in told
    assert max(len(line) for line in told.splitlines()) <= LONGEST_LINE, told[:300]
    for word in kind.words:
        assert word.lower() in told.lower(), told[:2000]
    assert stored_rows(store_path) == 0
    assert kept_bytes(store_path) == []


def test_a_published_column_named_with_quotes_is_stored_under_that_name(store, tmp_path):
    """A DfE column name is data: quotes in it cannot end the name in the SQL that reads it."""
    for name in ('Child "criminal" exploitation', 'x") FROM x; DROP TABLE loads; --'):
        path = write(tmp_path, "dfe.csv", published(name))
        outcome = upload(store, path, la=None, extract="published_statistics")
        assert outcome.ok, outcome.message()
        stored = store.cursor().execute(
            "SELECT indicator, value FROM published_statistics WHERE _load_id = ?",
            [outcome.stored.load_id]).fetchall()
        assert stored == [(name, 134.0)]
    assert store.cursor().execute("SELECT count(*) FROM loads").fetchone() == (2,)
