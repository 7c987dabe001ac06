"""Targets and saved settings keep their history, the latest is current, and both are audited."""

from __future__ import annotations

from store.targets import current_targets, read_setting, save_setting, set_target


def test_the_latest_target_is_current_and_every_change_is_audited(store):
    con = store.cursor()
    set_target(con, "staff_training", "E06000004", "2025/26", 200, actor="officer a")
    set_target(con, "staff_training", "E06000004", "2025/26", 250, actor="officer b")
    targets = current_targets(con)
    assert targets[["programme", "target", "set_by"]].values.tolist() == [
        ["staff_training", 250.0, "officer b"]]
    assert con.execute("SELECT count(*) FROM audit WHERE action = 'target'").fetchone() == (2,)


def test_a_saved_setting_reads_back_its_latest_value(store):
    con = store.cursor()
    assert read_setting(con, "comparators:E06000004", []) == []
    save_setting(con, "comparators:E06000004", ["E06000001", "E06000002"], actor="officer")
    save_setting(con, "comparators:E06000004", ["E06000001"], actor="officer")
    assert read_setting(con, "comparators:E06000004") == ["E06000001"]
