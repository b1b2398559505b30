"""Screens of the programme: actions, ateliers, generating and cancelling sessions.

The session page and its attendance marking live in ``session_views``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tisserand.activities import selectors, services
from tisserand.activities.forms import PeriodForm, SessionsCancelRangeForm, SessionsGenerateForm
from tisserand.core.calendar import Period, season, season_of
from tisserand.core.permissions import may_open
from tisserand.reports.selectors import action_year_overview


def action_list(request):
    return render(
        request,
        "activities/action_list.html",
        {
            "sectors": selectors.sectors_with_actions(),
            "orphan_actions": selectors.actions_without_sector(),
        },
    )


def action_detail(request, pk):
    action = get_object_or_404(selectors.action_for_page(), pk=pk)
    year = _year_from(request)
    return render(
        request,
        "activities/action_detail.html",
        {
            "action": action,
            "overview": action_year_overview(action, year),
            "years": selectors.years_with_sessions(action=action),
        },
    )


def _year_from(request) -> int:
    """?annee=2020, else the current year."""
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _period_from(request) -> tuple[PeriodForm, Period]:
    """The period asked for in the query string, or the current season."""
    current = season(season_of(timezone.localdate()))
    if "du" not in request.GET and "au" not in request.GET:
        return PeriodForm(initial={"du": current.start, "au": current.end}), current
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return form, current
    start, end = form.cleaned_data["du"], form.cleaned_data["au"]
    same_season = season(season_of(start))
    if (same_season.start, same_season.end) == (start, end):
        return form, same_season
    return form, Period(start, end, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}")


def _period_query(period: Period) -> str:
    return urlencode({"du": period.start.isoformat(), "au": period.end.isoformat()})


def activity_detail(request, pk):
    activity = get_object_or_404(selectors.activity_for_page(), pk=pk)
    period_form, period = _period_from(request)
    seasons = [
        {"period": p, "query": _period_query(p)}
        for p in selectors.activity_seasons(activity=activity)
    ]
    context = {
        "activity": activity,
        "period_form": period_form,
        "period": period,
        "seasons": seasons,
        "months": selectors.activity_sessions_by_month(activity=activity, period=period),
        "figures": selectors.period_figures(period=period, activity=activity),
        "can_run": selectors.user_can_run_activity(user=request.user, activity=activity),
        "can_generate": may_open(request.user, "sessions_generate"),
    }
    return render(request, "activities/activity_detail.html", context)


def sessions_generate(request, pk):
    activity = get_object_or_404(selectors.activity_for_page(), pk=pk)
    current = season(season_of(timezone.localdate()))
    form = SessionsGenerateForm(
        request.POST or None, initial={"start": timezone.localdate(), "end": current.end}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.sessions_generate(
                activity=activity,
                start=data["start"],
                end=data["end"],
                calendar_filter=data["calendar_filter"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d séance créée.", "%(count)d séances créées.", len(created)
                    ) % {"count": len(created)},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "Aucune séance créée : elles existent déjà ou aucun créneau ne tombe "
                        "dans ces dates."
                    ),
                )
            period = Period(data["start"], data["end"], "")
            url = reverse("activity_detail", args=[activity.pk])
            return redirect(f"{url}?{_period_query(period)}")
    return render(
        request, "activities/sessions_generate.html", {"activity": activity, "form": form}
    )


def sessions_cancel_range(request):
    form = SessionsCancelRangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cancelled = services.sessions_cancel_range(
                start=data["start"],
                end=data["end"],
                reason=data["reason"],
                activities=form.selected_activities(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d séance annulée (les séances déjà réalisées sont conservées).",
                    "%(count)d séances annulées (les séances déjà réalisées sont conservées).",
                    cancelled,
                ) % {"count": cancelled},
            )
            return redirect("sessions_cancel_range")
    return render(request, "activities/sessions_cancel_range.html", {"form": form})
