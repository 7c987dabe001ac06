"""Every demo deck as a pack for every role, in both formats: each one is made, opens, and holds
a page or slide for every chart in the deck. A pack that cannot be made gives the person a file
saying so and what to do, never nothing.

The charts are drawn as blank pictures of the real size (monkeypatched render_pngs): what is
tested is the writers' layout of every table and text, which is the same whatever the picture
shows (test_packs.py draws real charts), so the matrix runs in seconds and without Chromium.

Why: the "Select committee overview" PDF failed for Members, officers and admins (the
recommendations table gains a commentary column for them, and its columns were shared out by
text length until one was narrower than a character); the download gave no file and no message.
"""

from __future__ import annotations

from io import BytesIO

import pytest
import streamlit as st
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

import ui.packs.content
from contracts.roles import Role
from data.demo_store import DEMO_DECKS
from ui.pack_buttons import _generator
from ui.packs import pack_pdf, pack_pptx, prepare_pack
from ui.packs.failure import FAILED_TITLE, failure_pdf, failure_pptx
from ui.packs.images import HEIGHT, WIDTH
from ui.session import store as app_store


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> list[str]:
    return [words(page.extract_text() or "") for page in PdfReader(BytesIO(data)).pages]


def pptx_titles(data: bytes) -> list[str]:
    return [words(slide.shapes.title.text) if slide.shapes.title else ""
            for slide in Presentation(BytesIO(data)).slides]


def use_app_store(monkeypatch, path) -> None:
    monkeypatch.setenv("SCRUTINY_STORE", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()


def blank_pngs(figures) -> list[bytes]:
    out = BytesIO()
    Image.new("RGB", (WIDTH, HEIGHT), "white").save(out, format="PNG")
    return [out.getvalue() for _ in figures]


@pytest.fixture(scope="module")
def demo_cursor(demo_store_path):
    with pytest.MonkeyPatch.context() as monkeypatch:
        use_app_store(monkeypatch, demo_store_path)
        monkeypatch.setattr(ui.packs.content, "render_pngs", blank_pngs)
        yield app_store().cursor()
        st.cache_resource.clear()


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("deck", DEMO_DECKS, ids=lambda deck: deck.name)
def test_every_demo_deck_makes_a_pdf_and_a_powerpoint_pack_for_every_role(demo_cursor, deck,
                                                                           role):
    pack = prepare_pack(demo_cursor, deck, role)
    pages = pdf_text(pack_pdf(pack))
    titles = pptx_titles(pack_pptx(pack))
    for content in pack.slides:
        assert any(words(content.title) in page for page in pages), content.title
        assert words(content.title) in titles, content.title
    # Long text (an officer's commentary) wraps in its cell rather than being cut short.
    for content in pack.slides:
        for column in ("Commentary", "commentary"):
            if column in content.table.columns:
                longest = max(content.table[column].astype(str), key=len)
                assert words(longest) in " ".join(pages).replace("- ", "-"), longest


def test_a_pack_that_cannot_be_made_downloads_a_file_saying_what_to_do(demo_store_path,
                                                                      monkeypatch):
    use_app_store(monkeypatch, demo_store_path)
    deck = DEMO_DECKS[0]

    def broken(*_args) -> bytes:
        raise RuntimeError("the chart browser crashed")

    recorded = []
    for failed, read in ((failure_pdf, pdf_text), (failure_pptx, pptx_titles)):
        made = _generator(broken, failed, deck, Role.MEMBER, "", None,
                          lambda: recorded.append(1))()
        said = " ".join(read(made))
        assert FAILED_TITLE in said
        if failed is failure_pdf:
            assert "Select committee overview" in said and "Try the download again" in said
    assert not recorded, "a pack that was not made is not audited as exported"
    st.cache_resource.clear()
