"""An upload's bytes are read once before DuckDB reads them (issue 17): one pass gives its
content hash, whether it is UTF-8 and its line breaks; ASCII needs no decoding, and what is
learnt is not learnt again for the same, unchanged file. These tests hold the one pass to the
answers of the separate reads it replaced."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from conftest import upload, write
from contracts.extracts import POLICE_HEADER
from ingest import readers

GOOD = ("{i:064x},2025-07,Cleveland Police,Cleveland Police,-1.3{i:05d},54.5,"
        "On or near High Street,E01012258,Stockton-on-Tees 014A,Burglary,Under investigation,")


def separate_reads(path: Path) -> tuple[str, bool, int]:
    """The hash, encoding and line count as three plain reads would find them."""
    data = path.read_bytes()
    try:
        codecs.decode(data, "utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    return hashlib.sha256(data).hexdigest(), utf8, data.count(b"\n")


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 8 bytes, so characters fall across chunk boundaries."""
    monkeypatch.setattr(readers, "_CHUNK", 8)
    monkeypatch.setattr(readers, "_SCANS", {})


@pytest.mark.parametrize("content", [
    b"a,b\n1,2\n",
    "name\ncaf\u00e9 cr\u00e8me\n".encode(),  # UTF-8 characters across chunk boundaries
    "a,b\n\u20ac\u20ac\u20ac\u20ac\u20ac,x\n".encode(),
    b"1234567\xc3",  # a character cut off at the end
    b"1234567\xc3" + b"abcdefgh\n",  # half a character, then a chunk of ASCII
    b"ab\n" + "caf\u00e9\n".encode("cp1252") + b"plain ascii here\n",
    b"",
])
def test_one_read_finds_the_hash_encoding_and_lines_of_separate_reads(tmp_path, small_chunks,
                                                                      content):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    found = readers.scan(path)
    assert (found.sha256, found.utf8, found.lines) == separate_reads(path)


def test_a_changed_file_is_read_again(tmp_path, small_chunks):
    path = tmp_path / "file.csv"
    path.write_bytes(b"a,b\n1,2\n")
    first = readers.scan(path)
    path.write_bytes(b"a,b\n1,2\n3,4\n")
    again = readers.scan(path)
    assert again != first and (again.sha256, again.utf8, again.lines) == separate_reads(path)


def test_a_csv_upload_is_read_once_before_duckdb_reads_it(store, tmp_path, monkeypatch):
    path = write(tmp_path, "2025-07-cleveland-street.csv",
                 "\n".join([",".join(POLICE_HEADER), *(GOOD.format(i=n) for n in range(1, 50))])
                 + "\n")
    monkeypatch.setattr(readers, "_SCANS", {}, raising=False)
    whole_reads = []
    real_open = Path.open

    def counting_open(self, mode="r", *args, **kwargs):
        opened = real_open(self, mode, *args, **kwargs)
        if self == path and mode == "rb":
            read = opened.read

            def reading(size=-1):
                chunk = read(size)
                if size in (-1, readers._CHUNK) and chunk and opened.tell() == len(chunk):
                    whole_reads.append(size)  # a read from the start of the whole file
                return chunk
            opened.read = reading
        return opened

    monkeypatch.setattr(Path, "open", counting_open)
    outcome = upload(store, path, la=None)
    assert outcome.ok, outcome.message()
    # one read for the hash, the encoding and the lines, and one by the archive's compressor
    assert len(whole_reads) == 2
