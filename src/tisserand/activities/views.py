"""Screens of the programme: actions, ateliers, generating and cancelling sessions.

The session page and its attendance marking live in ``session_views``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tisserand.activities import enrolment_views, selectors, services
from tisserand.activities.forms import SessionsCancelRangeForm, SessionsGenerateForm
from tisserand.core.forms import PeriodForm
from tisserand.core.periods import Period, season, season_of
from tisserand.core.permissions import may_open
from tisserand.core.request_params import period_from_request


def action_list(request):
    return render(
        request,
        "activities/action_list.html",
        {
            "sectors": selectors.sectors_with_actions(),
            "orphan_actions": selectors.actions_without_sector(),
        },
    )


def _current_season() -> Period:
    return season(season_of(timezone.localdate()))


def _period_query(period: Period) -> str:
    return urlencode(PeriodForm.initial_for(period))


def activity_detail(request, pk):
    activity = get_object_or_404(selectors.activity_for_page(), pk=pk)
    can_run = selectors.user_can_run_activity(user=request.user, activity=activity)
    if not can_run and not selectors.user_sees_programme(request.user):
        raise PermissionDenied  # a bénévole opens their own ateliers only
    # A wrong period shows its message above the current season's sessions.
    period_form, period = period_from_request(request, _current_season)
    period = period or _current_season()
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
        "can_run": can_run,
        "can_generate": may_open(request.user, "sessions_generate"),
        **enrolment_views.activity_enrolment_context(
            request, activity=activity, period=period, can_run=can_run
        ),
    }
    return render(request, "activities/activity_detail.html", context)


def sessions_generate(request, pk):
    activity = get_object_or_404(selectors.activity_for_page(), pk=pk)
    current = _current_season()
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
            period = Period(data["start"], data["end"])
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
