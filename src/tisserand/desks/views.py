"""Screens of the appointment desks: the desks, the week for reception, booking, the day
(statuses, interviews, walk-ins) and the printed day sheet of the volunteers on duty.

Which roles may open each screen is declared in ``tisserand.core.permissions``. On top of
it, the object rule: a bénévole works only on the days of the desks they are on duty for
(``selectors.user_can_hold_desk``): anything else is a 403, nothing saved, whatever the id
typed in the URL.
"""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from tisserand.core.permissions import may_open
from tisserand.core.request_params import asked_date, id_from, id_param, time_from
from tisserand.desks import selectors, services
from tisserand.desks.forms import (
    BookingForm,
    DeskClosureForm,
    DeskSessionsGenerateForm,
    InterviewForm,
    StatusForm,
    WalkInForm,
)
from tisserand.desks.models import Appointment, DeskSession


def _desk_session_for(request, pk) -> DeskSession:
    """The desk session if this user may hold it; 404 if unknown, 403 if not theirs."""
    session = get_object_or_404(selectors.desk_session_for_page(), pk=pk)
    if not selectors.user_can_hold_desk(request.user, session.desk, session):
        raise PermissionDenied
    return session


def _appointment_for(request, pk) -> Appointment:
    appointment = get_object_or_404(selectors.appointment_for_write(), pk=pk)
    session = appointment.session
    if not selectors.user_can_hold_desk(request.user, session.desk, session):
        raise PermissionDenied
    return appointment


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# --- desks -------------------------------------------------------------------------------


@require_GET
def desk_list(request):
    today = timezone.localdate()
    return render(
        request,
        "desks/desk_list.html",
        {"desks": selectors.desks_for_list(today=today), "today": today},
    )


def _desk_page(request, desk, *, generate_form=None, closure_form=None):
    today = timezone.localdate()
    past, upcoming = selectors.desk_sessions_around(desk=desk, today=today)
    closure_pk = id_param(request, "fermeture")
    closure = None
    if closure_pk is not None:
        closure = selectors.desk_closure(desk=desk, pk=closure_pk)
    context = {
        "desk": desk,
        "past": past,
        "upcoming": upcoming,
        "today": today,
        "closure": closure,
        "to_warn": selectors.closure_to_warn(closure=closure) if closure else [],
        "can_generate": may_open(request.user, "desk_sessions_generate"),
        "can_close": may_open(request.user, "desk_closure_add"),
        "generate_form": generate_form
        or DeskSessionsGenerateForm(initial={"start": today, "end": today + dt.timedelta(90)}),
        "closure_form": closure_form or DeskClosureForm(),
    }
    return render(request, "desks/desk_detail.html", context)


@require_GET
def desk_detail(request, pk):
    desk = get_object_or_404(selectors.desk_for_page(), pk=pk)
    return _desk_page(request, desk)


def desk_sessions_generate(request, pk):
    desk = get_object_or_404(selectors.desk_for_page(), pk=pk)
    if request.method != "POST":
        return redirect(reverse("desk_detail", args=[desk.pk]) + "#generer")
    form = DeskSessionsGenerateForm(request.POST)
    if form.is_valid():
        try:
            created = services.desk_sessions_generate(
                desk=desk, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if created:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d permanence créée.", "%(count)d permanences créées.",
                        len(created),
                    ) % {"count": len(created)},
                )
            else:
                messages.warning(
                    request,
                    _("Aucune permanence créée : elles existent déjà ou aucun créneau ne "
                      "tombe dans ces dates (jours fériés et vacances comptés)."),
                )
            return redirect("desk_detail", pk=desk.pk)
    return _desk_page(request, desk, generate_form=form)


def desk_closure_add(request, pk):
    desk = get_object_or_404(selectors.desk_for_page(), pk=pk)
    if request.method != "POST":
        return redirect(reverse("desk_detail", args=[desk.pk]) + "#fermetures")
    form = DeskClosureForm(request.POST)
    if form.is_valid() and (result := form.submit(desk=desk, user=request.user)):
        messages.success(
            request,
            _("Fermeture enregistrée : %(sessions)s permanence(s) fermée(s), %(count)s "
              "rendez-vous annulé(s) par le centre.")
            % {"sessions": result.sessions_closed, "count": len(result.to_warn)},
        )
        if result.sessions_kept:
            messages.warning(
                request,
                ngettext(
                    "%(count)d permanence où des personnes ont déjà été reçues reste ouverte.",
                    "%(count)d permanences où des personnes ont déjà été reçues restent "
                    "ouvertes.",
                    result.sessions_kept,
                ) % {"count": result.sessions_kept},
            )
        url = reverse("desk_detail", args=[desk.pk])
        return redirect(f"{url}?{urlencode({'fermeture': result.closure.pk})}#a-prevenir")
    return _desk_page(request, desk, closure_form=form)


# --- the week, for reception ------------------------------------------------------------


@require_GET
def desk_week(request, pk):
    desk = get_object_or_404(selectors.desk_for_page(), pk=pk)
    day, wrong_day = asked_date(request, "semaine")
    if wrong_day:
        messages.error(request, wrong_day)
    week = selectors.desk_week(desk=desk, day=day or timezone.localdate())
    return render(
        request,
        "desks/desk_week.html",
        {"desk": desk, "week": week, "today": timezone.localdate()},
    )


# --- booking -----------------------------------------------------------------------------


def _booking_page(request, session, form, *, start_time, status=200):
    query = request.GET.get("q", "").strip()
    grid = selectors.session_grid(session=session)
    context = {
        "session": session,
        "form": form,
        "start_time": start_time,
        "free_rows": [row for row in grid.rows if row.free],
        "query": query,
        "found": selectors.person_search_for_booking(query=query),
        "mode": "book",
        "today": timezone.localdate(),
        # The search reloads the page: it keeps the chosen time.
        "keep": {"heure": start_time.strftime("%H:%M")} if start_time else {},
    }
    return render(request, "desks/appointment_book.html", context, status=status)


def appointment_book(request, pk):
    """From a free time of the week: find the person, or create them with a name and a
    phone number, say what it is about, book."""
    session = get_object_or_404(selectors.desk_session_for_page(), pk=pk)
    if request.method == "POST":
        form = BookingForm(request.POST)
        if form.is_valid() and (appointment := form.submit(session=session, user=request.user)):
            messages.success(
                request,
                _("Rendez-vous pris pour %(person)s le %(date)s à %(time)s.")
                % {
                    "person": appointment.person,
                    "date": session.date.strftime("%d/%m/%Y"),
                    "time": appointment.start_time.strftime("%H:%M"),
                },
            )
            url = reverse("desk_week", args=[session.desk_id])
            return redirect(f"{url}?{urlencode({'semaine': session.date.isoformat()})}")
        start_time = time_from(request.POST.get("start_time", ""))
        return _booking_page(request, session, form, start_time=start_time)
    start_time = time_from(request.GET.get("heure", ""))
    if start_time not in session.appointment_times():
        start_time = None
    form = BookingForm(initial={"start_time": start_time})
    return _booking_page(request, session, form, start_time=start_time)


@require_GET
def appointment_person_search(request):
    """htmx: persons matching the search box, each with a button that picks them for the
    booking (``mode=book``) or the walk-in (``mode=walkin``) of a desk session."""
    session = None
    session_pk = id_param(request, "seance")
    if session_pk is not None:
        session = _desk_session_for(request, session_pk)
    mode = "walkin" if request.GET.get("mode") == "walkin" else "book"
    # Searching for a booking is for those who book (not the bénévoles); without a
    # session there is nothing to pick a person for: no results.
    if session and mode == "book" and not may_open(request.user, "appointment_book"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    found = []
    if session:
        found = selectors.person_search_for_booking(query=query, user=request.user,
                                                    session=session)
    return render(
        request,
        "desks/_person_results.html",
        {"session": session, "query": query, "found": found, "mode": mode},
    )


# --- the day -----------------------------------------------------------------------------


def _session_context(request, session):
    return {
        "session": session,
        "appointments": selectors.session_appointments(session=session),
        "kind_groups": selectors.request_kinds_by_group(),
        "on_duty": selectors.session_on_duty(session=session),
        "can_book": may_open(request.user, "appointment_book"),
        "can_reopen": may_open(request.user, "desk_session_reopen"),
        "can_see_week": may_open(request.user, "desk_week"),
        "has_come": session.date <= timezone.localdate(),
        "statuses": Appointment.Status,
    }


@require_GET
def desk_session_detail(request, pk):
    session = _desk_session_for(request, pk)
    return render(request, "desks/desk_session_detail.html", _session_context(request, session))


@require_GET
def desk_day_sheet(request, pk):
    """The printed sheet of the volunteers on duty (A4)."""
    session = _desk_session_for(request, pk)
    context = {
        "session": session,
        "appointments": selectors.day_sheet(session=session),
        "kind_groups": selectors.request_kinds_by_group(),
        "on_duty": selectors.session_on_duty(session=session),
        "blank_rows": range(3),
    }
    return render(request, "desks/desk_day_sheet.html", context)


def desk_session_reopen(request, pk):
    session = _desk_session_for(request, pk)
    if request.method == "POST":
        try:
            services.desk_session_reopen(session=session)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("La permanence est rouverte : on peut y prendre "
                                        "rendez-vous."))
    return redirect("desk_session_detail", pk=session.pk)


def desk_walk_in(request, pk):
    """Someone received without a booking: pick or create the person, say what was done."""
    session = _desk_session_for(request, pk)
    # A bénévole picks among the day's bookings only; the staff, anyone.
    persons = None
    if not selectors.user_sees_all_desks(request.user):
        persons = selectors.persons_visible_at_desk(user=request.user, session=session)
    if request.method == "POST":
        form = WalkInForm(request.POST, persons=persons)
        if form.is_valid() and (appointment := form.submit(session=session, user=request.user)):
            messages.success(
                request,
                _("Venue sans rendez-vous de %(person)s enregistrée.")
                % {"person": appointment.person},
            )
            return redirect("desk_session_detail", pk=session.pk)
    else:
        now = timezone.localtime().time().replace(second=0, microsecond=0)
        arrival = now if session.start_time <= now <= session.end_time else session.start_time
        form = WalkInForm(initial={"arrival_time": arrival}, persons=persons)
    query = request.GET.get("q", "").strip()
    context = {
        "session": session,
        "form": form,
        "query": query,
        "found": selectors.person_search_for_booking(query=query, user=request.user,
                                                     session=session),
        "kind_groups": selectors.request_kinds_by_group(),
        "chosen_kinds": {pk for v in form["kinds"].value() or [] if (pk := id_from(str(v)))},
        "mode": "walkin",
    }
    return render(request, "desks/desk_walk_in.html", context)


@require_POST
def appointment_status(request, pk):
    """Reçu, absent, annulé...: one tap on the day's page (htmx swaps the row)."""
    appointment = _appointment_for(request, pk)
    form = StatusForm(request.POST)
    error = None
    if not form.is_valid():
        error = _form_errors(form)
    else:
        try:
            services.appointment_set_status(
                appointment=appointment, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            error = _error_text(exc)
    session = appointment.session
    if not request.htmx:
        if error:
            messages.error(request, error)
        url = reverse("desk_session_detail", args=[session.pk])
        return redirect(f"{url}#rdv-{appointment.pk}")
    context = _session_context(request, session)
    context["appointment"] = selectors.session_appointment(pk=appointment.pk)
    context["error"] = error
    return render(request, "desks/_appointment.html", context, status=409 if error else 200)


@require_POST
def appointment_interview(request, pk):
    """The kinds of request handled and the time spent, for one appointment."""
    appointment = _appointment_for(request, pk)
    form = InterviewForm(request.POST)
    if form.is_valid() and form.submit(appointment=appointment):
        messages.success(
            request, _("Entretien de %(person)s enregistré.") % {"person": appointment.person}
        )
    else:
        messages.error(request, _form_errors(form))
    url = reverse("desk_session_detail", args=[appointment.session_id])
    return redirect(f"{url}#rdv-{appointment.pk}")
