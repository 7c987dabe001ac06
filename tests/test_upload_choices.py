"""The upload page as an officer meets it with ordinary files: several files at once each keep
their own choices, a stray date that would wipe a quarter is flagged and needs a choice, and a
refused file's counts say what happened."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_upload_page import choose_authority, key_of, open_upload_page

from apptest import said, stored
from contracts.extracts import POLICE_HEADER
from ingest.preview import PeriodChoice

REFERRALS = ("Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
             + "".join(f"R-{i},C-{i},10/02/2025,Police,CCE,15\r\n" for i in range(83)))
STRAY = ("Referral ID,Child ID,Referral Date,Source,Harm Types,Age\r\n"
         + "".join(f"R-{i},C-{i},01/07/2025,Police,CCE,15\r\n" for i in range(100, 144))
         + "R-500,C-500,31/03/2025,Police,CCE,15\r\n")
INTERVENTIONS = ("intervention_id,target_level,target_id,intervention_type,lead_agency,start_date,"
                 "end_date,status,la_code\r\nI-1,location,X-LOC-3,detached_youth_work,"
                 "children's services,2025-08-04,,active,E06000004\r\n")
POLICE = (",".join(POLICE_HEADER) + "\r\n" + "".join(
    f"c{i},2025-07,Cleveland Police,Cleveland Police,-1.31,54.56,On or near High Street,"
    f"E01012258,Stockton-on-Tees 014A,Violence and sexual offences,Under investigation,\r\n"
    for i in range(5)))


def files_dropped(app: AppTest, *files: tuple[str, str]) -> AppTest:
    app.get("file_uploader")[0].set_value(
        [(name, content.encode("utf-8"), "text/csv") for name, content in files]).run()
    return app


def extract_of(app: AppTest, file_name: str) -> str:
    """The extract type chosen in the box of the upload titled `file_name`."""
    for container in app.get("flex_container"):
        headers = [h.value.replace("\\", "") for h in container.subheader]  # shown literally
        if file_name in headers:
            return container.selectbox[0].value
    raise AssertionError(f"no upload titled {file_name}")


def test_three_files_of_different_kinds_each_keep_their_own_type(monkeypatch, tmp_path):
    app = files_dropped(open_upload_page(monkeypatch, tmp_path), ("referrals.csv", REFERRALS))
    assert extract_of(app, "referrals.csv") == "referrals"
    # A police.uk file is grouped first, so by position it would take the referrals' boxes.
    app = files_dropped(app, ("referrals.csv", REFERRALS), ("interventions.csv", INTERVENTIONS),
                        ("2025-07-cleveland-street.csv", POLICE))
    assert not app.exception
    assert extract_of(app, "referrals.csv") == "referrals"
    assert extract_of(app, "interventions.csv") == "interventions"
    assert extract_of(app, "2025-07-cleveland-street.csv") == "police_street_crime"
    assert "does not look like" not in said(app.error)
    assert "no authority this dashboard knows" not in said(app.warning), "Stockton is known"


def test_the_same_file_dropped_twice_is_checked_once(monkeypatch, tmp_path):
    app = files_dropped(open_upload_page(monkeypatch, tmp_path), ("referrals.csv", REFERRALS),
                        ("referrals.csv", REFERRALS))
    assert not app.exception
    assert [h.value.replace("\\", "") for h in app.subheader] == ["referrals.csv"]


def test_a_stray_date_is_flagged_and_loads_only_with_a_choice(monkeypatch, tmp_path):
    app = choose_authority(files_dropped(open_upload_page(monkeypatch, tmp_path),
                                         ("q4_2024-25.csv", REFERRALS)))
    app.button(key=key_of(app, "load")).click().run()
    assert "stored as load 1" in said(app.success)
    app = choose_authority(files_dropped(app, ("referrals_2025-26.csv", STRAY)))
    warnings = said(app.warning)
    assert "2024/25 Q4: the file has only 1 row in this period" in warnings
    assert "most likely stray dates" in warnings and "replace the 83 rows" in warnings
    table = " ".join(t.value.to_csv() for t in app.table).replace("\\", "")  # cells shown literally
    assert "Referrals about extra-familial harm: 83 → 1" in table
    choice = app.radio(key=key_of(app, "periods"))
    assert len(choice.options) == 2 and choice.value is None
    assert app.button(key=key_of(app, "load")).disabled, "no load before a choice"
    assert "main periods" in choice.options[0] and "everything" in choice.options[1]
    choice.set_value(PeriodChoice.MAIN_PERIODS).run()
    app.button(key=key_of(app, "load")).click().run()
    assert "44 rows accepted, 1 rejected" in said(app.success)
    assert stored("SELECT count(*) FROM referrals WHERE _period = '2024/25 Q4'") == [(83,)]


def test_a_refused_file_shows_no_counts_that_read_as_a_pass(monkeypatch, tmp_path):
    rows = [f"X{i},location,2025-07-01,car park\r\n" for i in range(20)]
    rows.insert(7, "X99,location,2025-07-02,seen with 943 476 5919 at the park\r\n")  # row 9
    with_nhs = "context_id,context_type,identified_date,label\r\n" + "".join(rows)
    app = choose_authority(files_dropped(open_upload_page(monkeypatch, tmp_path),
                                         ("contexts.csv", with_nhs)))
    assert "NHS number" in said(app.error)
    assert not app.metric, "no 'valid 21, errors 0' above a refusal"
    assert "21 rows read; none can be stored" in said(app.markdown)
    app = files_dropped(app, ("empty.csv", ""))
    assert not app.metric, "no 'Rows read 0 / valid 0 / errors 0'"
    assert "Refused before its rows were checked" in said(app.markdown)


WITH_LA = ("referral_id,child_id,referral_date,source,harm_types,age,la_code\r\n"
           + "".join(f"R-{i},C-{i},01/07/2025,police,cce,15,E06000004\r\n" for i in range(30)))


def counting_validations(monkeypatch) -> list[str]:
    """Every validation pass, by where it ran: "worker" for a check in the worker process (its
    rows taken into the app by `adopt`), "app" for one in the app's own process."""
    import ingest.pipeline
    import ui.uploads

    passes: list[str] = []
    real_validate, real_adopt = ingest.pipeline.validate, ui.uploads.adopt

    def in_app(con, raw, *args, **kwargs):
        passes.append("app")
        return real_validate(con, raw, *args, **kwargs)

    def adopted(*args, **kwargs):
        passes.append("worker")
        return real_adopt(*args, **kwargs)

    monkeypatch.setattr(ingest.pipeline, "validate", in_app)
    monkeypatch.setattr(ui.uploads, "adopt", adopted)
    return passes


def test_a_file_is_validated_once_and_load_stores_what_was_checked(monkeypatch, tmp_path):
    passes = counting_validations(monkeypatch)
    app = files_dropped(open_upload_page(monkeypatch, tmp_path), ("referrals.csv", WITH_LA))
    app.run()  # any rerun (a filter moved, a box ticked) reuses the check
    assert "rows a second" in said(app.caption)
    app.button(key=key_of(app, "load")).click().run()
    assert "stored as load 1: 30 rows accepted" in said(app.success)
    assert passes == ["worker"], "checked once, in the worker: not again to report or to load"


def test_a_load_elsewhere_between_check_and_load_makes_it_check_again(monkeypatch, tmp_path):
    from conftest import upload
    from ui.session import store
    passes = counting_validations(monkeypatch)
    app = files_dropped(open_upload_page(monkeypatch, tmp_path), ("referrals.csv", WITH_LA))
    assert passes == ["worker"]
    other = tmp_path / "other.csv"
    other.write_text(WITH_LA.replace("R-", "S-"))
    assert upload(store(), other, la=None).ok  # another officer's load of the same quarter
    del passes[:]
    app.button(key=key_of(app, "load")).click().run()
    assert "replaces 2025/26 Q2 (load 1, 30 rows)" in said(app.success)
    assert passes == ["worker"], "the store changed, so the upload was checked again"
