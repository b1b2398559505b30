"""Screens that mend the desks' mistakes and mishaps: move an appointment, cancel a desk
day, warn the persons who had booked it. Writes in ``desks.mending``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tisserand.audit.selectors import last_entry_noted
from tisserand.core.request_params import id_from, time_from
from tisserand.desks import mending, selectors
from tisserand.desks.forms import DeskSessionCancelForm
from tisserand.desks.models import DeskSession
from tisserand.desks.views import _appointment_for, _desk_session_for, _error_text


def appointment_move(request, pk):
    """The free times of the coming weeks at the same desk; one tap moves it there."""
    appointment = _appointment_for(request, pk)
    if request.method == "POST":
        session = selectors.desk_session_for_page().filter(
            pk=id_from(request.POST.get("session", "")),
            desk_id=appointment.session.desk_id).first()
        start_time = time_from(request.POST.get("start_time", ""))
        try:
            if session is None or start_time is None:
                raise ValidationError(_("Choisissez une heure libre dans la liste."))
            moved = mending.appointment_move(appointment=appointment, session=session,
                                             start_time=start_time)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _(
                "Rendez-vous de %(person)s déplacé au %(date)s à %(time)s.") % {
                    "person": moved.person, "date": moved.session.date.strftime("%d/%m/%Y"),
                    "time": moved.start_time.strftime("%H:%M")})
            url = reverse("desk_week", args=[moved.session.desk_id])
            return redirect(f"{url}?{urlencode({'semaine': moved.session.date.isoformat()})}")
    days = selectors.free_days_ahead(desk=appointment.session.desk,
                                     start=timezone.localdate())
    return render(request, "desks/appointment_move.html",
                  {"appointment": appointment, "days": days})


def desk_session_cancel(request, pk):
    """Cancel one desk day, with its reason; then the persons to warn."""
    session = _desk_session_for(request, pk)
    form = DeskSessionCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = mending.desk_session_cancel(session=session,
                                                    reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, ngettext(
                "Permanence annulée : %(count)d rendez-vous annulé, à prévenir.",
                "Permanence annulée : %(count)d rendez-vous annulés, à prévenir.",
                len(cancelled)) % {"count": len(cancelled)})
            return redirect("desk_session_warn", pk=session.pk)
    booked = [a for a in selectors.session_appointments(session=session)
              if a.status in a.HOLDING]
    return render(request, "desks/desk_session_cancel.html",
                  {"session": session, "form": form, "booked": booked})


def desk_session_warn(request, pk):
    """Who to warn after a cancelled day: name, phone, email; a button sends each one a
    notice through the reminder backend."""
    session = _desk_session_for(request, pk)
    if request.method == "POST":
        try:
            run = mending.cancellation_notices_send(session=session)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _(
                "Avis d'annulation : %(sent)d envoyé(s), %(none)d sans téléphone portable "
                "ni courriel (à appeler), %(failed)d échec(s).") % {
                    "sent": run.sent, "none": run.no_address, "failed": run.failed})
        return redirect("desk_session_warn", pk=session.pk)
    return render(request, "desks/desk_session_warn.html", {
        "session": session,
        "to_warn": selectors.cancelled_by_centre(session=session),
        "last_notice": last_entry_noted(session, mending.NOTICE_NOTE),
        "closed": session.status == DeskSession.Status.CLOSED,
    })
