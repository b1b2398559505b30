import datetime as dt

from tisserand.core.french import (
    NBSP,
    NNBSP,
    format_date,
    format_hours,
    format_number,
    format_time,
    join_words,
    typography,
    with_previous,
)
from tisserand.reports.richtext import parse


def test_typography_puts_non_breaking_spaces_before_tall_punctuation():
    assert typography("Bilan : oui ; non ! vraiment ?") == (
        f"Bilan{NBSP}: oui{NNBSP}; non{NNBSP}! vraiment{NNBSP}?"
    )
    assert typography("Pourquoi?") == f"Pourquoi{NNBSP}?"
    assert typography("« Facile à dire »") == f"«{NBSP}Facile à dire{NBSP}»"


def test_typography_leaves_times_and_addresses_alone():
    assert typography("16:15 et https://exemple.fr") == "16:15 et https://exemple.fr"


def test_typography_binds_typed_times_and_thousands():
    """Text typed in the admin or a sheet: "14 h 00" and "6 176" do not break."""
    assert typography("de 14 h 00 à 9 h 30") == f"de 14{NBSP}h{NBSP}00 à 9{NBSP}h{NBSP}30"
    assert typography("6 176 passages") == f"6{NNBSP}176 passages"
    assert typography("séances d’1 h et 12 h") == f"séances d’1{NBSP}h et 12{NBSP}h"
    assert typography("1 234 567") == f"1{NNBSP}234{NNBSP}567"
    # Years side by side and a house number stay as they are.
    assert typography("de 2019 2020 au 12 rue") == "de 2019 2020 au 12 rue"


def test_french_formats():
    assert format_time(dt.time(16, 15)) == "16 h 15"
    assert format_time(dt.time(17, 0)) == "17 h 00"
    # In a document, typography binds them: never split at a line end.
    assert typography(format_time(dt.time(16, 15))) == f"16{NBSP}h{NBSP}15"
    assert format_date(dt.date(2020, 3, 17)) == "17 mars 2020"
    assert format_date(dt.date(2020, 9, 1)) == "1er septembre 2020"
    assert format_number(12345) == f"12{NNBSP}345"
    assert format_number(2.5) == "2,5"
    assert format_hours(2.25) == "2 h 15"
    assert format_hours(3.0) == "3 h"
    assert join_words(["a", "b", "c"]) == "a, b et c"
    assert with_previous(78, 79, "2019") == "78 (79 en 2019)"


def test_richtext_paragraphs_and_bullets():
    blocks = parse("Premier paragraphe\nsuite.\n\n- un ;\n• deux.\n\nFin.")
    assert [(b.kind, b.lines) for b in blocks] == [
        ("paragraph", ["Premier paragraphe", "suite."]),
        ("bullets", ["un ;", "deux."]),
        ("paragraph", ["Fin."]),
    ]
