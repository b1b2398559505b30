"""The dashboard: the year at a glance and the sessions of the day and of the week."""

import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from tisserand.activities import selectors as activity_selectors
from tisserand.core.calendar import calendar_year
from tisserand.core.permissions import may_open
from tisserand.desks import selectors as desk_selectors


def _year_from(request, today: dt.date) -> int:
    try:
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= 2100 else today.year


def dashboard(request):
    today = timezone.localdate()
    year = _year_from(request, today)
    monday = today - dt.timedelta(days=today.weekday())
    week = activity_selectors.sessions_between(
        user=request.user, start=monday, end=monday + dt.timedelta(days=6)
    )
    context = {
        "year": year,
        "previous_year": year - 1,
        "next_year": year + 1 if year < today.year else None,
        "figures": activity_selectors.period_figures(period=calendar_year(year)),
        "today": today,
        "today_sessions": [s for s in week if s.date == today],
        "week_sessions": [s for s in week if s.date != today],
        "only_mine": not activity_selectors.user_sees_all_activities(request.user),
        "sectors": activity_selectors.sector_list(),
        # The desk days of the week: a bénévole's way to their day sheet (they do not open
        # the list of desks).
        "desk_sessions": (
            desk_selectors.desk_sessions_held_by(
                user=request.user, start=monday, end=monday + dt.timedelta(days=6)
            )
            if may_open(request.user, "desk_session_detail") else []
        ),
    }
    return render(request, "core/dashboard.html", context)
