"""The report's PDF with long answers: the layout work grows with the text (issue 12).

A very long word in an answer or a section (a pasted link, a line of dashes) ran off the
page; given break opportunities, it is laid out in blocks of at most 1,500 characters
(``core.text.print_blocks``): without the blocks, the work grew with the square of the
paragraph's length. Counted, not timed:
``tisserand.testing.pdf_layout``.
"""

import io
import re

import pytest
from pypdf import PdfReader

from tisserand.core.periods import calendar_year
from tisserand.core.text import ZERO_WIDTH_SPACE
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS
from tisserand.reports.models import CentreSection
from tisserand.reports.services import centre_section_save
from tisserand.testing.pdf_layout import count_line_breaking
from tisserand.testing.system import require_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def long_word(size: int) -> str:
    return ("abcdefghij" * (size // 10 + 1))[:size]


def pdf_of_a_section(text: str) -> tuple[bytes, int]:
    CentreSection.objects.all().delete()
    centre_section_save(year=2020, title="Vie associative", text=text)
    report = build_report(calendar_year(2020), with_charts=False)
    with count_line_breaking() as counts:
        _name, _type, content = EXPORTERS["pdf"].export(report)
    return content, counts.characters


def test_a_long_word_is_printed_whole_with_work_that_grows_with_it():
    require_pdf()
    _content, base = pdf_of_a_section("Court.")
    _content, small = pdf_of_a_section(long_word(2_000))
    content, large = pdf_of_a_section(long_word(8_000))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    letters = re.sub(r"[^a-j]", "", text.replace(ZERO_WIDTH_SPACE, ""))
    assert long_word(8_000) in letters
    # The rest of the document costs ``base``: per character of the word, the work stays
    # about the same (a line's worth of characters), four times the word or not.
    per_char_small = (small - base) / 2_000
    per_char_large = (large - base) / 8_000
    assert per_char_large < 1.5 * per_char_small and per_char_large < 30, (
        base, small, large)
