"""Draw the pictures of committee-pack slides in docs/ from a store (the demo store by default):

    SCRUTINY_STORE=/path/to/demo.duckdb python docs/pack_pictures.py

docs/pack-slide-public.png is a public PowerPoint slide as LibreOffice draws it (`soffice`, if
installed; otherwise the same page of the public PDF), docs/pack-page-officer.png the same chart
as a page of an officer's PDF (drawn with pypdfium2, from requirements-dev.txt).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
from contextlib import closing
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOCS = ROOT / "docs"
WIDTH = 1280  # pixels across: readable, and well under 300 KB as a PNG
SLIDES = (("hospital_sharp_assault_u25", "total"), ("referrals_by_harm", "harm_type"))


def pdf_page_png(pdf: bytes, index: int) -> bytes:
    import pypdfium2

    page = pypdfium2.PdfDocument(pdf)[index]
    image = page.render(scale=WIDTH / page.get_width()).to_pil()
    return small_png(image)


def small_png(image) -> bytes:
    out = BytesIO()
    image.convert("RGB").quantize(colors=128).save(out, format="PNG", optimize=True)
    return out.getvalue()


def pptx_slide_png(pptx: bytes, index: int) -> bytes | None:
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "pack.pptx"
        source.write_bytes(pptx)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", folder,
                        str(source)], check=True, capture_output=True, timeout=300)
        return pdf_page_png((Path(folder) / "pack.pdf").read_bytes(), index)


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from contracts.roles import Role
    from metrics.decks import page_deck
    from ui.packs import pack_pdf, pack_pptx, prepare_pack
    from ui.session import store

    deck = page_deck("YOT Board Q3", SLIDES, committee="Youth Offending Team Management Board")
    with closing(store().cursor()) as con:
        public = prepare_pack(con, deck, Role.PUBLIC, meeting="YOT Board")
        officer = prepare_pack(con, deck, Role.OFFICER, meeting="YOT Board")
    slide = pptx_slide_png(pack_pptx(public), 1) or pdf_page_png(pack_pdf(public), 1)
    (DOCS / "pack-slide-public.png").write_bytes(slide)
    (DOCS / "pack-page-officer.png").write_bytes(pdf_page_png(pack_pdf(officer), 1))
    for name in ("pack-slide-public.png", "pack-page-officer.png"):
        print(f"{name}: {(DOCS / name).stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
