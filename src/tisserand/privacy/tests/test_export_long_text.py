"""The PDF export of a person with long notes: every word printed, over as many pages as
needed, in a time that grows with the text, not with its square (issue 12).

Time is measured by ``benchmarks/bench_export.py``; here, the work: the characters given
to WeasyPrint's line breaker (``tisserand.testing.pdf_layout``). Before the fix, a note
four times as long gave it about forty times as many characters (the notes were grid items
and table cells, laid out whole again on each page).
"""

import io
import re

import pytest
from pypdf import PdfReader

from tisserand.core.limits import NOTE_MAX_LENGTH
from tisserand.core.text import ZERO_WIDTH_SPACE, print_blocks
from tisserand.privacy.exporters import person_export_pdf
from tisserand.testing.desk_factories import ContactFactory, FollowUpFileFactory
from tisserand.testing.factories import PersonFactory
from tisserand.testing.pdf_layout import count_line_breaking
from tisserand.testing.system import require_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

LONG_WORD = "abcdefghij" * 300  # 3,000 characters without a break


def numbered_words(count: int, first: int = 0, lines_every: int = 60) -> str:
    """``mot0000 mot0001 …`` with a line break now and then: every word can be found."""
    words = []
    for n in range(first, first + count):
        words.append(f"mot{n:05d}")
        if n % lines_every == lines_every - 1:
            words.append("\n")
    return " ".join(words).replace(" \n ", "\n")


def person_with_notes(size: int):
    """A person whose remarks, follow-up notes and contact note hold ``size`` characters
    each (9 characters a word)."""
    count = size // 9
    person = PersonFactory(notes=numbered_words(count))
    file = FollowUpFileFactory(person=person, notes=numbered_words(count, first=count))
    ContactFactory(file=file, note=numbered_words(count, first=2 * count))
    return person, 3 * count


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_print_blocks_keep_every_character_in_order():
    text = "Premier  paragraphe\r\n\r\n" + "mot " * 1000 + "\n" + LONG_WORD
    blocks = print_blocks(text)
    assert max(len(block) for block in blocks) <= 1_500
    assert "".join(blocks).replace(ZERO_WIDTH_SPACE, "").replace(" ", "") == \
        text.replace(" ", "").replace("\r", "").replace("\n", "")


def test_long_notes_give_many_pages_with_every_word_in_order():
    require_pdf()
    person, words = person_with_notes(NOTE_MAX_LENGTH)
    person.follow_up_files.get().contacts.update(note=LONG_WORD)
    _name, _type, content = person_export_pdf(person=person)
    pages, text = pdf_text(content)
    assert pages >= 8
    found = re.findall(r"mot(\d{5})", text)
    expected = [f"{n:05d}" for n in range(2 * words // 3)]  # remarks and file notes
    assert found == expected
    # The unbreakable word is cut on screen only: its letters are all there, in order.
    assert LONG_WORD in re.sub(r"[^a-j]", "", text)


def test_the_layout_work_grows_with_the_text_not_with_its_square():
    require_pdf()
    work = {}
    for size in (2_000, 8_000):
        person, _words = person_with_notes(size)
        with count_line_breaking() as counts:
            person_export_pdf(person=person)
        work[size] = counts.characters
    # Four times the text: at most about four times the work (plus the fixed pages).
    assert work[8_000] < 5 * work[2_000], work
    # And about as many characters as the document holds, not many times more.
    assert work[8_000] < 40 * 3 * 8_000, work
