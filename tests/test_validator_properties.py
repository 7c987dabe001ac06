"""Whatever bytes arrive, the engine answers with a report, never a traceback, and never stores
part of a refused file; what it stores is exactly the rows it called valid."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import upload

HEADER = ["referral_id", "child_id", "referral_date", "source", "harm_types", "age"]
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["police", "schools", "cce", "cse;missing", "15", "-3", "2025-07-01",
                     "31/02/2025", "01/07/2025", "N/A", "", "R1", "C1", "=1+1", "\"", ";"]),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=8), min_size=0, max_size=25)


def stored(store) -> tuple[int, int]:
    con = store.cursor()
    return (con.execute("SELECT count(*) FROM loads").fetchone()[0],
            con.execute("SELECT count(*) FROM rows_referrals").fetchone()[0])


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_raise_and_never_store(store, tmp_path, data):
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    before = stored(store)
    outcome = upload(store, path)
    if not outcome.ok:
        assert stored(store) == before
        assert outcome.message()


@SETTINGS
@given(body=rows, encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_malformed_csvs_store_all_or_nothing(store, tmp_path, body, encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(body)
    path = tmp_path / "malformed.csv"
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    loads_before, rows_before = stored(store)
    outcome = upload(store, path, allow_partial=True)
    loads_after, rows_after = stored(store)
    if outcome.ok and not outcome.stored.identical:
        assert rows_after - rows_before == outcome.report.rows_valid
    else:
        assert (loads_after, rows_after) == (loads_before, rows_before)
