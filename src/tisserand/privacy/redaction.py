"""Finding a person's identity in the free texts of the whole database, and redacting it.

What is looked for (``Identity``):

- the full name, "Prénom Nom" and "Nom Prénom" (with a comma, several spaces or hyphens
  between the parts), whatever the case and the accents: « helene LEFEVRE »,
  « Lefèvre, Hélène » ;
- the phone number in its usual written forms: « 06 11 22 33 44 », « 06.11.22.33.44 »,
  « 0611223344 », « +33 6 11 22 33 44 », « +33 (0)6… », « 0033 6… » ;
- the e-mail address, whatever the case.

Each occurrence is replaced by « [personne anonymisée] ». The last name alone (« Mme
Lefèvre ») is **not** replaced: it is often a common word or the name of relatives who are
not anonymised; the confirmation page lists where it appears, for a human to read
(``review``).

Where it is looked for: every text column (``CharField``, ``TextField``, ``EmailField``,
``JSONField``) of every model of the app registry, so that a model added later is covered
without a list to update. Columns with a fixed set of values (``choices``), the derived
search keys (``search_name``, rebuilt on save), and the tables that hold no typed text
(sessions of logged-in users, content types, permissions) are left aside.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.db import models

REDACTED = "[personne anonymisée]"

SKIPPED_APPS = frozenset({"sessions", "contenttypes"})
SKIPPED_MODELS = frozenset({"auth.permission"})
SKIPPED_FIELDS = frozenset({"search_name"})
# A name column is the name of its own record (a relative, a homonym), not a mention.
NOT_REVIEWED_FIELDS = frozenset({"first_name", "last_name"})
# One query per model, read in chunks: the tables can be large (journals, audit trail).
CHUNK = 2000

_SEPARATORS = r"[\s,\-'’]+"
_PHONE_SEPARATOR = r"[\s.\-/\u00a0\u202f]?"
_MIN_PHONE_DIGITS = 6
_MIN_REVIEW_NAME = 3


def _base(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _letter_variants() -> dict[str, str]:
    """For each plain letter, every Latin letter that is it with an accent."""
    variants: dict[str, set[str]] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        base = _base(char)
        if len(base) == 1 and base.isalpha() and base.isascii():
            variants.setdefault(base, set()).update({char, char.lower(), char.upper()})
    return {base: "".join(sorted(chars)) for base, chars in variants.items()}


_VARIANTS = _letter_variants()


def _letters(text: str) -> str:
    """A pattern matching ``text`` with or without its accents (case left to the flag)."""
    parts = []
    for word in re.split(_SEPARATORS, text.strip()):
        if not word:
            continue
        chars = []
        for char in word:
            base = _base(char)
            if len(base) == 1 and base in _VARIANTS:
                chars.append(f"[{re.escape(base)}{re.escape(_VARIANTS[base])}]")
            else:
                chars.append(re.escape(char))
        parts.append("".join(chars))
    return _SEPARATORS.join(parts)


def _bounded(pattern: str) -> str:
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def _phone_pattern(phone: str) -> str | None:
    """The number with any of the usual separators, in national or international form."""
    raw = re.sub(r"[^\d+]", "", phone or "")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.startswith("+33"):
        national = raw[3:].lstrip("0")
    elif raw.startswith("0") and not raw.startswith("+"):
        national = raw[1:]
    else:
        national = None
    if national is not None:
        if len(national) < _MIN_PHONE_DIGITS:
            return None
        digits = _PHONE_SEPARATOR.join(national)
        prefix = rf"(?:\+33{_PHONE_SEPARATOR}(?:\(0\){_PHONE_SEPARATOR})?|0033{_PHONE_SEPARATOR}|0)"
        return rf"(?<![\d+]){prefix}{digits}(?!\d)"
    digits = raw.lstrip("+")
    if len(digits) < _MIN_PHONE_DIGITS:
        return None
    return rf"(?<![\d+])(?:\+|00)?{_PHONE_SEPARATOR.join(digits)}(?!\d)"


@dataclass(frozen=True)
class Identity:
    """What identifies one person in a text."""

    first_name: str = ""
    last_name: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()

    def patterns(self) -> list[str]:
        found = []
        first, last = self.first_name.strip(), self.last_name.strip()
        if first and last:
            found.append(_bounded(f"{_letters(first)}{_SEPARATORS}{_letters(last)}"))
            found.append(_bounded(f"{_letters(last)}{_SEPARATORS}{_letters(first)}"))
        for phone in self.phones:
            pattern = _phone_pattern(phone)
            if pattern:
                found.append(pattern)
        for email in self.emails:
            if email.strip():
                # Not part of a longer address: « helene@example.org.fr » is another one.
                found.append(rf"(?<![\w.+\-]){re.escape(email.strip())}(?!\.?[\w\-])")
        return found

    def review_pattern(self) -> str | None:
        last = self.last_name.strip()
        if len(_base(last)) < _MIN_REVIEW_NAME:
            return None
        return _bounded(_letters(last))


def identity_of(person) -> Identity:
    """The identity of a person. The household's phone is not part of it: it stays while
    other members of the household remain identified."""
    return Identity(
        first_name=person.first_name, last_name=person.last_name,
        phones=(person.phone,) if person.phone else (),
        emails=(person.email,) if person.email else (),
    )


class _Compiled:
    """One identity's expressions, and the cheap clues that tell whether a text can hold
    it at all (most texts cannot: the expressions run only on the others)."""

    def __init__(self, identity: Identity):
        self.identity = identity
        words = [w for w in re.split(r"[\s\-'’]+", _key(identity.last_name)) if w]
        self.name_clue = max(words, key=len) if words else None
        national = [re.sub(r"\D", "", phone) for phone in identity.phones]
        self.phone_clues = [d.lstrip("0")[-8:] for d in national if len(d) >= _MIN_PHONE_DIGITS]
        self.email_clues = [e.strip().casefold() for e in identity.emails if e.strip()]

    # Compiled only for the identities some text may hold: the expressions with a class
    # of accented letters per letter take milliseconds to compile.
    @cached_property
    def regex(self) -> re.Pattern | None:
        patterns = self.identity.patterns()
        return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    @cached_property
    def review_regex(self) -> re.Pattern | None:
        review = self.identity.review_pattern()
        return re.compile(review, re.IGNORECASE) if review else None

_NON_DIGIT = re.compile(r"\D")
_WORD_SEPARATORS = re.compile(r"[^\w]+|_")
_UNACCENT = str.maketrans(
    {char: base for base, chars in _VARIANTS.items() for char in chars if char != base}
)


def _key(text: str) -> str:
    """Lower case without accents, fast (a translation table): read for every text."""
    return (text or "").translate(_UNACCENT).casefold()


class Redactor:
    """The expressions of several identities (a purge anonymises many at once)."""

    def __init__(self, identities: Iterable[Identity]):
        self.identities = [_Compiled(identity) for identity in identities]
        # Looked up by word, so that a purge of a thousand persons reads each text once.
        self.by_name: dict[str, list[_Compiled]] = {}
        for compiled in self.identities:
            if compiled.name_clue:
                self.by_name.setdefault(compiled.name_clue, []).append(compiled)
        self.with_phone = [c for c in self.identities if c.phone_clues]
        self.with_email = [c for c in self.identities if c.email_clues]

    def _candidates(self, text: str) -> list[_Compiled]:
        if not text:
            return []
        found: dict[int, _Compiled] = {}
        if self.by_name:
            for word in _WORD_SEPARATORS.split(_key(text)):
                for compiled in self.by_name.get(word, ()):
                    found[id(compiled)] = compiled
        if self.with_phone:
            digits = _NON_DIGIT.sub("", text)
            if len(digits) >= _MIN_PHONE_DIGITS:
                for compiled in self.with_phone:
                    if any(clue in digits for clue in compiled.phone_clues):
                        found[id(compiled)] = compiled
        if self.with_email and "@" in text:
            folded = text.casefold()
            for compiled in self.with_email:
                if any(clue in folded for clue in compiled.email_clues):
                    found[id(compiled)] = compiled
        return list(found.values())

    def redact(self, text: str) -> str:
        for compiled in self._candidates(text):
            if compiled.regex is not None:
                text = compiled.regex.sub(REDACTED, text)
        return text

    def found(self, text: str) -> int:
        return sum(
            sum(1 for _ in c.regex.finditer(text))
            for c in self._candidates(text) if c.regex is not None
        )

    def to_review(self, text: str) -> int:
        """Mentions of a last name alone that are not part of a redacted full name."""
        candidates = [c for c in self._candidates(text) if c.review_regex is not None]
        if not candidates:
            return 0
        redacted = self.redact(text)
        return sum(sum(1 for _ in c.review_regex.finditer(redacted)) for c in candidates)

    def redact_value(self, value):
        """A JSON value with every string in it redacted."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, list):
            return [self.redact_value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.redact_value(item) for key, item in value.items()}
        return value


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns of ``model`` that can hold typed text."""
    if model._meta.app_label in SKIPPED_APPS or model._meta.label_lower in SKIPPED_MODELS:
        return []
    if model._meta.proxy or not model._meta.managed:
        return []
    return [
        f for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
        and not f.choices and not f.primary_key and f.name not in SKIPPED_FIELDS
    ]


def text_models() -> list[tuple[type[models.Model], list[models.Field]]]:
    found = []
    for model in apps.get_models():
        fields = text_fields(model)
        if fields:
            found.append((model, fields))
    return found


def _json_in_text(text: str):
    """The decoded value when a text column holds JSON (the admin's change messages,
    where "Hélène" is written "H\\u00e9l\\u00e8ne"), else None."""
    if not text or text[0] not in "[{":
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        decoded = _json_in_text(value)
        if decoded is None:
            return value
        return value + "\n" + json.dumps(decoded, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)


def _redacted(redactor: Redactor, field: models.Field, value):
    if isinstance(field, models.JSONField):
        return redactor.redact_value(value)
    decoded = _json_in_text(value)
    if decoded is not None:
        new = redactor.redact_value(decoded)
        return value if new == decoded else json.dumps(new)
    return redactor.redact(value)


@dataclass
class Finding:
    """One record where the identity was found: in which fields and how many times."""

    model: type[models.Model]
    pk: object
    fields: dict[str, int] = field(default_factory=dict)
    review: dict[str, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        kind = str(self.model._meta.verbose_name)
        return f"{kind[:1].upper()}{kind[1:]} n° {self.pk}"

    def field_labels(self, names) -> str:
        return ", ".join(str(self.model._meta.get_field(name).verbose_name) for name in names)

    @property
    def redacted_labels(self) -> str:
        return self.field_labels(self.fields)

    @property
    def review_labels(self) -> str:
        return self.field_labels(self.review)


def scan(redactor: Redactor, *, with_review: bool = False, exclude=()) -> list[Finding]:
    """Every record whose text columns hold one of the identities (and, ``with_review``,
    the records that mention a last name alone). ``exclude``: (model, pk) left aside."""
    excluded = set(exclude)
    findings = []
    for model, fields in text_models():
        names = [f.attname for f in fields]
        rows = model._base_manager.order_by().values_list("pk", *names)
        for row in rows.iterator(chunk_size=CHUNK):
            pk, values = row[0], row[1:]
            if (model, pk) in excluded:
                continue
            finding = Finding(model=model, pk=pk)
            for f, value in zip(fields, values, strict=True):
                text = _as_text(value)
                if not text:
                    continue
                if count := redactor.found(text):
                    finding.fields[f.name] = count
                if (with_review and f.name not in NOT_REVIEWED_FIELDS
                        and (count := redactor.to_review(text))):
                    finding.review[f.name] = count
            if finding.fields or finding.review:
                findings.append(finding)
    return findings


def apply(redactor: Redactor, findings: Iterable[Finding]) -> list[Finding]:
    """Redact the fields of the findings in the database; the records actually changed.

    Written with ``update()`` on the base manager: no ``save()`` side effect (timestamps,
    versions), and the append-only audit trail is written through its own redaction."""
    changed = []
    for finding in findings:
        if not finding.fields:
            continue
        model = finding.model
        current = model._base_manager.filter(pk=finding.pk).values(*finding.fields).first()
        if current is None:
            continue
        values = {}
        for name, value in current.items():
            new = _redacted(redactor, model._meta.get_field(name), value)
            if new != value:
                values[name] = new
        if not values:
            continue
        # The audit trail refuses updates; its manager has a ``redact`` for this only.
        redact_row = getattr(model._default_manager, "redact", None)
        if callable(redact_row):
            redact_row(finding.pk, **values)
        else:
            model._base_manager.filter(pk=finding.pk).update(**values)
        changed.append(finding)
    return changed
