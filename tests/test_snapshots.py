"""The writer publishes a snapshot only when what viewers see changed; a replica follows the
newest snapshot read-only and refuses every write."""

from __future__ import annotations

import pytest

from conftest import upload, write
from store import audit
from store.connection import ReadOnlyStore, Store, data_version
from store.replica import NoSnapshot, Replica
from store.snapshots import KEEP, PUBLISH_ENV, published
from store.targets import save_setting

HEADER = "referral_id,child_id,referral_date,source,harm_types,age\n"


def referrals(tmp_path, name: str, rows: int):
    return write(tmp_path, name, HEADER + "".join(
        f"R{i},C{i},2025-07-0{1 + i % 9},police,cce,15\n" for i in range(rows)))


@pytest.fixture
def writer(tmp_path, monkeypatch):
    monkeypatch.setenv(PUBLISH_ENV, str(tmp_path / "snapshots"))
    opened = Store(tmp_path / "store" / "writer.duckdb")
    yield opened
    opened.close()


def sequences(tmp_path) -> list[int]:
    return [number for number, _ in published(tmp_path / "snapshots")]


def test_a_writer_publishes_on_opening_and_after_each_change_viewers_would_see(tmp_path, writer):
    assert sequences(tmp_path) == [1]
    with writer.write_lock:
        audit.record(writer.cursor(), "test", "export_unsuppressed", what="nothing new to show")
    assert sequences(tmp_path) == [1]
    upload(writer, referrals(tmp_path, "a.csv", 3))
    assert sequences(tmp_path) == [1, 2]
    with writer.write_lock:
        save_setting(writer.cursor(), "comparators:E06000004", ["E06000001"], actor="test")
    assert sequences(tmp_path) == [1, 2, 3]
    upload(writer, referrals(tmp_path, "a.csv", 3))  # identical: nothing changes
    upload(writer, referrals(tmp_path, "b.csv", 4))
    assert sequences(tmp_path) == list(range(1, 5))[-KEEP:]  # older ones pruned


def test_reopening_a_writer_publishes_nothing_when_the_newest_snapshot_is_current(tmp_path, writer):
    upload(writer, referrals(tmp_path, "a.csv", 3))
    writer.close()
    Store(writer.path).close()
    assert sequences(tmp_path) == [1, 2]


def test_a_replica_follows_the_newest_snapshot_and_refuses_writes(tmp_path, writer):
    replica = Replica(tmp_path / "snapshots", refresh_seconds=0)
    first, number = replica.current()
    assert number == 1
    assert first.cursor().execute("SELECT count(*) FROM referrals").fetchone() == (0,)
    upload(writer, referrals(tmp_path, "a.csv", 3))
    second, number = replica.current()
    assert number == 2
    assert second.cursor().execute("SELECT count(*) FROM referrals").fetchone() == (3,)
    assert data_version(second.cursor()) == data_version(writer.cursor())
    with pytest.raises(ReadOnlyStore, match="read-only"):
        upload(second, referrals(tmp_path, "b.csv", 4))


def test_a_replica_before_any_snapshot_says_what_to_do(tmp_path):
    with pytest.raises(NoSnapshot, match="SCRUTINY_SNAPSHOTS"):
        Replica(tmp_path / "nothing-yet").current()
