"""A measure frame is one object for every session, and what a page works out from it (its data
table, the table's text, its notes, the finding, the summary, the figure's key) is worked out
once: never a result of one frame for another, and never for a frame that might change."""

from __future__ import annotations

import gc

import pandas as pd
from streamlit.testing.v1 import AppTest

from apptest import open_app_page, open_card_details, sign_in_as
from conftest import ROOT
from ui import shared_frames, text
from ui.shared_frames import share


def referrals(counts: list[float], suppressed: list[bool] | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "measure_id": "referrals",
        "breakdown": "total",
        "period": ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3"],
        "breakdown_value": "All",
        "value": counts,
        "suppressed": suppressed or [False] * len(counts),
    })


def worked_out() -> int:
    return sum(len(results) for results in shared_frames._results.values())


def test_a_shared_frames_table_is_worked_out_once_and_handed_to_every_caller():
    frame = share(referrals([12, 3, 9], [False, True, False]))
    table = text.data_table(frame)
    assert text.data_table(frame) is table
    assert text.readable_table(table) is text.readable_table(text.data_table(frame))
    assert text.table_notes(table) == [text.SUPPRESSED_NOTE]
    assert list(table["Value"]) == [12, text.SUPPRESSED, 9]


def test_a_frame_not_shared_is_worked_out_every_time_so_a_change_shows():
    frame = referrals([12, 15, 9])
    first = text.data_table(frame)
    assert text.data_table(frame) is not first
    frame.loc[1, "value"] = 40
    assert list(text.data_table(frame)["Value"]) == [12, 40, 9]


def test_results_go_with_their_frame_and_never_serve_a_new_one():
    frame = share(referrals([1, 2, 3]))
    text.data_table(frame)
    frame_id = id(frame)
    del frame
    gc.collect()
    assert frame_id not in shared_frames._results
    for counts in ([4, 5, 6], [7, 8, 9], [10, 11, 12]):  # a new frame may take the old id
        assert list(text.data_table(share(referrals(counts)))["Value"]) == counts


def test_arguments_that_cannot_be_a_key_are_worked_out_every_time():
    calls = []

    @shared_frames.derived
    def rows_over(frame, limit):
        calls.append(limit)
        return len(frame)

    frame = share(referrals([1, 2, 3]))
    assert rows_over(frame, [2]) == rows_over(frame, [2]) == 3
    assert rows_over(frame, 2) == rows_over(frame, 2) == 3
    assert calls == [[2], [2], 2]


def open_again(page: str, role: str) -> AppTest:
    """Another session on the same app process: the caches as the first left them."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    sign_in_as(app, role)
    app.run()
    app.switch_page(f"views/{page}.py")
    app.run()
    return open_card_details(app)


def page_words(app: AppTest) -> list[str]:
    return [element.value for kind in ("subheader", "markdown", "table")
            for element in app.get(kind) if hasattr(element, "value")
            and not isinstance(element.value, pd.DataFrame)]


def test_a_second_session_reads_the_same_frames_works_nothing_out_again_and_sees_the_same_page(
        monkeypatch, demo_store_path):
    first = open_card_details(open_app_page(monkeypatch, demo_store_path, "referrals", "officer"))
    assert not first.exception
    before = worked_out()
    second = open_again("referrals", "officer")
    assert not second.exception
    assert before > 0 and worked_out() == before, "the second session worked something out again"
    assert page_words(second) == page_words(first)
    tables = [[table.value for table in app.table] for app in (first, second)]
    assert tables[0] and all(a.equals(b) for a, b in zip(*tables, strict=True))
