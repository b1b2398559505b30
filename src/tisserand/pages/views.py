"""The screens that compose several apps: the dashboard, a person's page, an action's page.

They sit on top of the apps they read (``docs/architecture.md``): each app below knows
nothing of them. Who may open them is declared in ``tisserand.core.permissions``.
"""

import datetime as dt

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tisserand.activities import selectors as activity_selectors
from tisserand.core.periods import calendar_year
from tisserand.core.permissions import may_open
from tisserand.core.request_params import year_from_request
from tisserand.desks import selectors as desk_selectors
from tisserand.people import selectors as people_selectors
from tisserand.people.forms import EnrollmentForm
from tisserand.people.models import Person
from tisserand.reports.selectors import action_year_overview

# --- the dashboard ----------------------------------------------------------------------


def dashboard(request):
    """The year at a glance and the sessions of the day and of the week."""
    today = timezone.localdate()
    year = year_from_request(request)
    monday = today - dt.timedelta(days=today.weekday())
    sunday = monday + dt.timedelta(days=6)
    week = activity_selectors.sessions_between(user=request.user, start=monday, end=sunday)
    context = {
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1 if year < today.year else None,
        # The years that have data, plus this one and the one shown: 2020 one choice away.
        "year_choices": sorted(
            {*activity_selectors.years_with_sessions(), today.year, year}, reverse=True),
        "figures": activity_selectors.period_figures(period=calendar_year(year)),
        "today": today,
        "today_sessions": [s for s in week if s.date == today],
        "week_sessions": [s for s in week if s.date != today],
        "only_mine": not activity_selectors.user_sees_all_activities(request.user),
        "sectors": activity_selectors.sector_list(),
        # The desk days of the week: a bénévole's way to their day sheet (they do not open
        # the list of desks).
        "desk_sessions": (
            desk_selectors.desk_sessions_held_by(user=request.user, start=monday, end=sunday)
            if may_open(request.user, "desk_session_detail") else []
        ),
    }
    return render(request, "pages/dashboard.html", context)


# --- a person ---------------------------------------------------------------------------


def _person_page(request, pk, enrollment_form=None):
    person = get_object_or_404(people_selectors.person_with_details(), pk=pk)
    context = {
        "person": person,
        "participation": activity_selectors.person_participation(person=person),
        "appointments": desk_selectors.person_appointments(person=person),
        "enrollment_form": enrollment_form or EnrollmentForm(person=person),
    }
    return render(request, "pages/person_detail.html", context)


@require_GET
def person_detail(request, pk):
    return _person_page(request, pk)


@require_POST
def person_enrollment_set(request, pk):
    person = get_object_or_404(Person, pk=pk)
    form = EnrollmentForm(request.POST, person=person)
    if form.is_valid() and form.submit():
        messages.success(request, _("Scolarité enregistrée."))
        return redirect("person_detail", pk=pk)
    return _person_page(request, pk, enrollment_form=form)


# --- an action --------------------------------------------------------------------------


def action_detail(request, pk):
    """The action, its ateliers, and its figures and evaluation sheet of a year."""
    action = get_object_or_404(activity_selectors.action_for_page(), pk=pk)
    year = year_from_request(request)
    return render(
        request,
        "pages/action_detail.html",
        {
            "action": action,
            "overview": action_year_overview(action, year),
            "years": activity_selectors.years_with_sessions(action=action),
        },
    )
