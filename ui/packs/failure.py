"""What a pack download holds when the pack could not be made: a one-page PDF or a one-slide
PowerPoint file (whichever was asked for) that says so and what to do, instead of nothing.

Why a file: Streamlit runs a download's callable on a worker thread when the button is clicked,
outside any script run, and a callable that raises leaves the person with no file and no
message (the server log alone has the error). A file in the format they asked for always opens.
"""

from __future__ import annotations

from io import BytesIO

from fpdf import FPDF
from pptx import Presentation
from pptx.util import Inches, Pt

FAILED_TITLE = "This committee pack could not be made"


def failure_advice(pack_name: str, when: str) -> tuple[str, ...]:
    """The message, paragraph by paragraph: what failed, what to try, whom to tell."""
    return (
        f"The dashboard could not make the committee pack \"{pack_name}\" ({when}).",
        "Try the download again in a minute. If it fails again, download each chart's data "
        "from its page (the CSV and Excel buttons under every chart) or print the page, and "
        "tell the dashboard's administrator, giving the pack's name and this time: the "
        "details are in the server's log.",
    )


def failure_pdf(pack_name: str, when: str) -> bytes:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(FAILED_TITLE)
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.multi_cell(0, 10, FAILED_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 13)
    for paragraph in failure_advice(pack_name, when):
        latin = paragraph.encode("latin-1", "replace").decode("latin-1")
        pdf.multi_cell(0, 7, latin, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


def failure_pptx(pack_name: str, when: str) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # title only
    slide.shapes.title.text = FAILED_TITLE
    box = slide.shapes.add_textbox(Inches(0.8), Inches(2), Inches(11.7), Inches(4.5))
    frame = box.text_frame
    frame.word_wrap = True
    for number, paragraph in enumerate(failure_advice(pack_name, when)):
        line = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        line.text = paragraph
        line.font.size = Pt(20)
    out = BytesIO()
    deck.save(out)
    return out.getvalue()
