"""The reminder message: channel, address and a short French text.

The text says only what the person needs (the centre, the desk, the day and time, the
centre's phone number): no subject, no name, since a phone is often shared in a family.
"""

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from tisserand.core.french import MONTHS, WEEKDAYS, format_time
from tisserand.core.models import Centre
from tisserand.desks.models import Reminder
from tisserand.people.models import Person

SMS = Reminder.Channel.SMS
EMAIL = Reminder.Channel.EMAIL

_PHONE_SEPARATORS = re.compile(r"[\s.\-/()\u00a0\u202f]")
_INTERNATIONAL = re.compile(r"^\+[1-9]\d{7,14}$")
_FRENCH_MOBILE = re.compile(r"^0[67]\d{8}$")


@dataclass(frozen=True)
class ReminderMessage:
    """What a backend sends. The address and the text stay out of ``repr`` so that a
    traceback or a debug print never shows them."""

    channel: str
    recipient: str = field(repr=False)
    text: str = field(repr=False)


def sms_number(phone: str) -> str | None:
    """The number in international form when it can receive an SMS, else ``None``.

    French numbers must be mobiles (06, 07); a foreign number written with its "+" prefix
    is taken as given (we cannot tell its mobiles apart)."""
    number = _PHONE_SEPARATORS.sub("", phone or "")
    if number.startswith("00"):
        number = "+" + number[2:]
    if _FRENCH_MOBILE.match(number):
        return "+33" + number[1:]
    if not _INTERNATIONAL.match(number):
        return None
    if number.startswith("+33"):
        return number if number[3:4] in ("6", "7") and len(number) == 12 else None
    return number


def recipient_for(person: Person, channels: Collection[str]) -> tuple[str, str] | None:
    """(channel, address) for this person among the channels the backend handles: an SMS
    when the person has a mobile number, else an email, else ``None``."""
    if SMS in channels:
        number = sms_number(person.phone)
        if number:
            return SMS, number
    if EMAIL in channels and person.email.strip():
        return EMAIL, person.email.strip()
    return None


def _centre_label(centre: Centre | None) -> str:
    if centre is None or not centre.name.strip():
        return "Votre centre social"
    name = centre.name.strip()
    return name if name.lower().startswith("centre social") else f"Centre social {name}"


def _when(day: dt.date, today: dt.date) -> str:
    """"demain mardi 4 février", or "le mardi 4 février" when run for another day."""
    number = "1er" if day.day == 1 else str(day.day)
    date = f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]}"
    if day == today:
        return f"aujourd'hui {date}"
    if day == today + dt.timedelta(days=1):
        return f"demain {date}"
    return f"le {date}"


def reminder_text(
    *, centre: Centre | None, desk_name: str, day: dt.date, start_time: dt.time,
    today: dt.date,
) -> str:
    # Plain spaces, no typographic ones: they would force a costlier SMS encoding.
    text = (
        f"{_centre_label(centre)} : rappel de votre rendez-vous {desk_name} "
        f"{_when(day, today)} à {format_time(start_time)}."
    )
    phone = centre.phone.strip() if centre is not None else ""
    if phone:
        return f"{text} En cas d'empêchement, appelez le {phone}."
    return f"{text} En cas d'empêchement, merci de prévenir le centre."


def cancellation_text(*, centre: Centre | None, desk_name: str, day: dt.date,
                      start_time: dt.time) -> str:
    """The notice of a desk day the centre cancelled: like a reminder, no name, no
    subject."""
    number = "1er" if day.day == 1 else str(day.day)
    date = f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]}"
    text = (
        f"{_centre_label(centre)} : votre rendez-vous {desk_name} du {date} à "
        f"{format_time(start_time)} est annulé par le centre."
    )
    phone = centre.phone.strip() if centre is not None else ""
    if phone:
        return f"{text} Pour un autre rendez-vous, appelez le {phone}."
    return f"{text} Pour un autre rendez-vous, merci de contacter le centre."
