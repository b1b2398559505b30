"""Display helpers for the people screens."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def age_on(person, day: dt.date) -> tuple[int, bool] | None:
    """(age in years, exact?) on a day, from the birth date or else the birth year."""
    if person.birth_date:
        born = person.birth_date
        years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return years, True
    if person.birth_year:
        return day.year - person.birth_year, False
    return None


@register.filter
def age(person) -> str:
    """ "34 ans", "env. 34 ans" when only the year is known, "" when unknown."""
    known = age_on(person, timezone.localdate())
    if known is None:
        return ""
    years, exact = known
    text = ngettext("%(years)d an", "%(years)d ans", years) % {"years": years}
    return text if exact else _("env. %(age)s") % {"age": text}
