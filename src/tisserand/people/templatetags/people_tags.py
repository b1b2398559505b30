"""Display helpers for the people screens."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


ADULT_AGE = 18


@register.filter
def age_band(person) -> str:
    """"moins de 18 ans" or "18 ans et plus": what a household's composition needs, without
    the age itself; "" when unknown."""
    years = person.age_on(timezone.localdate())
    if years is None:
        return ""
    if years < ADULT_AGE:
        return _("moins de %(age)d ans") % {"age": ADULT_AGE}
    return _("%(age)d ans et plus") % {"age": ADULT_AGE}


@register.filter
def age(person) -> str:
    """ "34 ans", "env. 34 ans" when only the year is known, "" when unknown."""
    years = person.age_on(timezone.localdate())
    if years is None:
        return ""
    text = ngettext("%(years)d an", "%(years)d ans", years) % {"years": years}
    return text if person.age_is_exact else _("env. %(age)s") % {"age": text}
