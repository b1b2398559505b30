"""Enrolments on the atelier page (search, enrol, withdraw, promote) and from a session's
roster (enrol a walk-in in one tap, take back a walk-in marked by mistake).

Which roles open each screen: ``tisserand.core.permissions``. On top of it, the object
rule of the sessions (``selectors.user_can_run_activity``): an animateur enrols on the
roster of their own ateliers only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tisserand.activities import (
    enrolment_selectors,
    enrolment_services,
    selectors,
    services,
)
from tisserand.activities.models import Activity, Enrolment
from tisserand.core.periods import FIRST_YEAR, LAST_YEAR, Period, season_of
from tisserand.core.permissions import may_open
from tisserand.core.request_params import id_from, id_param
from tisserand.people.models import Person

SEARCH_MIN_LENGTH = 2


def season_from(value, default: int) -> int:
    """``saison=2019`` (the start year) when it is a possible season, else ``default``."""
    number = id_from(value)
    return number if number is not None and FIRST_YEAR <= number < LAST_YEAR else default


def current_season() -> int:
    return season_of(timezone.localdate())


def activity_enrolment_context(request, *, activity: Activity, period: Period,
                               can_run: bool) -> dict:
    """What the atelier's page shows of its enrolments, for the season of its period:
    the lists to those who run the atelier (a bénévole: first names only)."""
    season_start = season_of(period.start)
    user = request.user
    return {
        "enrolments": enrolment_selectors.activity_enrolments(
            activity=activity, season_start=season_start
        ) if can_run else None,
        "enrolment_season": season_start,
        "first_names_only": not selectors.user_sees_person_details(user),
        "can_enrol": may_open(user, "enrolment_add"),
        "can_print": can_run and may_open(user, "activity_month_sheet"),
    }


def _activity_url(activity: Activity, season_start: int) -> str:
    url = reverse("activity_detail", args=[activity.pk])
    return f"{url}?{urlencode({'saison': f'{season_start}-{season_start + 1}'})}#inscriptions"


def _placed_message(enrolment: Enrolment) -> str:
    if enrolment.status == Enrolment.Status.WAITING:
        return _(
            "L'atelier est complet : %(person)s est sur la liste d'attente (rang %(rank)s)."
        ) % {"person": enrolment.person, "rank": enrolment.waiting_position}
    return _("%(person)s est inscrit·e à l'atelier.") % {"person": enrolment.person}


def _confirm_age(request, *, activity, person, season_start, error, action_url, back_url):
    """A person outside the atelier's ages: the same request again, once confirmed."""
    return render(
        request,
        "activities/enrolment_confirm_age.html",
        {
            "activity": activity,
            "person": person,
            "season": season_start,
            "message": " ".join(error.messages),
            "action_url": action_url,
            "back_url": back_url,
        },
    )


@require_GET
def enrolment_search(request, pk):
    """Persons to enrol, children first in a children's atelier (htmx: the results only)."""
    activity = get_object_or_404(Activity, pk=pk)
    season_start = season_from(request.GET.get("saison", ""), current_season())
    query = request.GET.get("q", "").strip()
    persons = None
    today = timezone.localdate()
    if len(query) >= SEARCH_MIN_LENGTH:
        found = enrolment_selectors.search_for_activity(activity=activity, query=query, day=today)
        persons = enrolment_selectors.with_live_enrolment(
            enrolment_selectors.with_child_rank(
                Person.objects.filter(pk__in=[p.pk for p in found]), day=today
            ),
            activity=activity, season_start=season_start,
        ).order_by(*enrolment_selectors.person_order(activity))
    context = {
        "activity": activity,
        "season": season_start,
        "query": query,
        "persons": persons,
        "today": today,
    }
    template = "activities/_enrolment_search_results.html"
    if not request.htmx:
        template = "activities/enrolment_search.html"
    return render(request, template, context)


@require_POST
def enrolment_add(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    season_start = season_from(request.POST.get("saison", ""), current_season())
    person = get_object_or_404(Person, pk=id_param(request, "person", method="POST") or 0)
    back = _activity_url(activity, season_start)
    try:
        enrolment = enrolment_services.enrolment_add(
            activity=activity, person=person, season_start=season_start,
            confirm_age=request.POST.get("confirm_age") == "1",
        )
    except enrolment_services.AgeOutsideRange as exc:
        return _confirm_age(
            request, activity=activity, person=person, season_start=season_start, error=exc,
            action_url=reverse("enrolment_add", args=[activity.pk]), back_url=back,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _placed_message(enrolment))
    return redirect(back)


def _enrolment_or_404(pk) -> Enrolment:
    return get_object_or_404(Enrolment.objects.select_related("activity", "person"), pk=pk)


@require_POST
def enrolment_withdraw(request, pk):
    enrolment = _enrolment_or_404(pk)
    try:
        promoted = enrolment_services.enrolment_withdraw(
            enrolment=enrolment, promote_next=request.POST.get("promote_next") == "1"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(person)s est désinscrit·e.") % {"person": enrolment.person}
        )
        if promoted is not None:
            messages.success(
                request,
                _("La place libérée revient à %(person)s, premier·ère de la liste d'attente.")
                % {"person": promoted.person},
            )
    return redirect(_activity_url(enrolment.activity, enrolment.season))


@require_POST
def enrolment_promote(request, pk):
    enrolment = _enrolment_or_404(pk)
    try:
        enrolment_services.enrolment_promote(enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(person)s est inscrit·e à l'atelier.")
                         % {"person": enrolment.person})
    return redirect(_activity_url(enrolment.activity, enrolment.season))


# --- from a session's roster -------------------------------------------------------------


def _session_and_roster_person(request, pk, person_pk):
    """The session (403 if not the user's) and a person on its roster (404 otherwise,
    exactly like an unknown id)."""
    session = get_object_or_404(selectors.session_for_page(), pk=pk)
    if not selectors.user_can_run_activity(user=request.user, activity=session.activity):
        raise PermissionDenied
    person = selectors.person_for_attendance(
        session=session, person_pk=person_pk, user=request.user, marking=False
    )
    if person is None:
        raise Http404
    return session, person


@require_POST
def session_enrol(request, pk, person_pk):
    """One tap on the roster: enrol a walk-in or a newcomer for the session's season."""
    session, person = _session_and_roster_person(request, pk, person_pk)
    back = reverse("session_detail", args=[session.pk])
    season_start = season_of(session.date)
    try:
        enrolment = enrolment_services.enrolment_add(
            activity=session.activity, person=person, season_start=season_start,
            confirm_age=request.POST.get("confirm_age") == "1",
        )
    except enrolment_services.AgeOutsideRange as exc:
        return _confirm_age(
            request, activity=session.activity, person=person, season_start=season_start,
            error=exc, action_url=reverse("session_enrol", args=[session.pk, person.pk]),
            back_url=back,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _placed_message(enrolment))
    return redirect(back)


@require_POST
def walk_in_take_back(request, pk, person_pk):
    """Take back a walk-in marked by mistake (and their record if it was created here
    and nothing else concerns them)."""
    session, person = _session_and_roster_person(request, pk, person_pk)
    name = str(person)
    try:
        deleted = services.walk_in_take_back(session=session, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if deleted:
            messages.success(request, _(
                "%(person)s est retiré·e de la séance et sa fiche, créée par erreur, "
                "est supprimée."
            ) % {"person": name})
        else:
            messages.success(request, _(
                "%(person)s est retiré·e de la séance. Sa fiche est conservée : d'autres "
                "informations la concernent (autres présences, foyer, inscription…)."
            ) % {"person": name})
    return redirect("session_detail", pk=session.pk)
