"""The forms of a name, a phone and an e-mail that the anonymisation finds in a text, and
the ones it leaves (another number, a longer first name, the last name alone)."""

import pytest

from tisserand.privacy.redaction import REDACTED, Identity, Redactor

HELENE = Identity(first_name="Hélène", last_name="Lefèvre-Dupont",
                  phones=("06 11 22 33 44",), emails=("Helene.L@Example.org",))


@pytest.mark.parametrize("text", [
    "Hélène Lefèvre-Dupont", "helene lefevre-dupont", "HÉLÈNE LEFÈVRE DUPONT",
    "Lefèvre-Dupont Hélène", "LEFEVRE-DUPONT, Helene", "Hélène  Lefèvre - Dupont",
    "06 11 22 33 44", "06.11.22.33.44", "0611223344", "06-11-22-33-44",
    "+33 6 11 22 33 44", "+33611223344", "+33 (0)6 11 22 33 44", "0033 6 11 22 33 44",
    "helene.l@example.org", "HELENE.L@EXAMPLE.ORG",
])
def test_every_written_form_is_redacted(text):
    redactor = Redactor([HELENE])
    sentence = f"Appeler {text}, merci."
    assert redactor.found(sentence) == 1, text
    assert redactor.redact(sentence) == f"Appeler {REDACTED}, merci."


@pytest.mark.parametrize("text", [
    "Hélènette Lefèvre-Dupont", "Hélène Lefèvre", "01 11 22 33 44", "06 11 22 33 445",
    "206 11 22 33 44", "helene.l@example.org.fr", "Mme Lefèvre-Dupont",
])
def test_what_is_not_her_is_left(text):
    redactor = Redactor([HELENE])
    assert redactor.redact(text) == text


def test_the_last_name_alone_is_to_be_read_not_redacted():
    redactor = Redactor([HELENE])
    assert redactor.to_review("Mme LEFEVRE-DUPONT absente") == 1
    assert redactor.to_review("Hélène Lefèvre-Dupont absente") == 0  # redacted, not read


def test_a_purge_finds_each_of_many_identities():
    others = [Identity(first_name=f"Prénom{n}", last_name=f"Nom{n}",
                       phones=(f"07 00 00 {n:02d} 00",)) for n in range(50)]
    redactor = Redactor([*others, HELENE])
    text = "Nom7 Prénom7 et helene lefevre-dupont ; tél. 07.00.00.31.00"
    assert redactor.redact(text) == f"{REDACTED} et {REDACTED} ; tél. {REDACTED}"
