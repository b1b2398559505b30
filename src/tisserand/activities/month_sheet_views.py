"""Paper when needed: an atelier's monthly attendance sheet to print (outings, no phone),
and the grid that types it back in one go.

Both follow the object rule of the sessions: an animateur opens those of their own
ateliers only (``selectors.user_can_run_activity``); others are a 403.
"""

import datetime as dt
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.activities import selectors
from tisserand.activities.models import Activity
from tisserand.activities.month_sheet_selectors import month_sheet
from tisserand.activities.month_sheet_services import month_attendance_apply
from tisserand.core.periods import FIRST_YEAR, LAST_YEAR
from tisserand.core.request_params import id_from

MONTH_KEY = "mois"
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_CELL = re.compile(r"([0-9]{1,10})-([0-9]{1,10})")


def _activity_for(request, pk) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("action"), pk=pk)
    if not selectors.user_can_run_activity(user=request.user, activity=activity):
        raise PermissionDenied
    return activity


def month_from(value: str) -> dt.date | None:
    """``2020-01`` as the first day of that month (years 1990 to 2100), else ``None``."""
    match = _MONTH.fullmatch((value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return dt.date(year, month, 1)


def _month_asked(request) -> dt.date:
    """The month asked for; a wrong one says so in French and shows the current month."""
    value = request.GET.get(MONTH_KEY, "")
    month = month_from(value)
    if month is None:
        if value:
            messages.error(request, _(
                "Mois incompréhensible : indiquez-le sous la forme 2020-01 (entre %(first)s "
                "et %(last)s). Voici le mois en cours."
            ) % {"first": FIRST_YEAR, "last": LAST_YEAR})
        month = timezone.localdate().replace(day=1)
    return month


def _neighbours(month: dt.date) -> dict:
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=31)).replace(day=1)
    return {
        "previous": previous if previous.year >= FIRST_YEAR else None,
        "next": following if following.year <= LAST_YEAR else None,
    }


def activity_month_sheet(request, pk):
    """The printable sheet: names × the month's session dates, empty boxes."""
    activity = _activity_for(request, pk)
    sheet = month_sheet(activity=activity, month=_month_asked(request))
    return render(request, "activities/month_sheet.html",
                  {"activity": activity, "sheet": sheet, **_neighbours(sheet.month)})


def _cells(values) -> set[tuple[int, int]]:
    cells = set()
    for value in values:
        match = _CELL.fullmatch(value)
        person, session = (id_from(match[1]), id_from(match[2])) if match else (None, None)
        if person is None or session is None:
            raise ValidationError(_("Case de la grille illisible : rien n'a été enregistré."))
        cells.add((person, session))
    return cells


def activity_month_entry(request, pk):
    """Type a month back: tick who came to each session; one transaction, audited."""
    activity = _activity_for(request, pk)
    month = _month_asked(request)
    changes = None
    status = 200
    if request.method == "POST":
        sheet = month_sheet(activity=activity, month=month)
        try:
            changes = month_attendance_apply(
                sheet=sheet,
                shown=_cells(request.POST.getlist("shown")),
                ticked=_cells(request.POST.getlist("cell")),
                user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            if changes:
                messages.success(request, _(
                    "Feuille enregistrée : %(added)s présence(s) ajoutée(s), "
                    "%(removed)s retirée(s)."
                ) % {"added": len(changes.added), "removed": len(changes.removed)})
            else:
                messages.info(request, _("Aucune case n'a changé : rien à enregistrer."))
    sheet = month_sheet(activity=activity, month=month)
    return render(
        request, "activities/month_entry.html",
        {"activity": activity, "sheet": sheet, "changes": changes, **_neighbours(sheet.month)},
        status=status,
    )
