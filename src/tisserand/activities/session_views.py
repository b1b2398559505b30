"""The session page: one-tap attendance (htmx), newcomers, headcounts, journal, team,
cancellation.

Which roles may open each screen is declared in ``tisserand.core.permissions``. On top of
it, the object rule: direction, coordination and accueil work on every session; an
animateur or a bénévole only on the sessions of the ateliers they are assigned to
(anything else is a 403, whatever the id typed in the URL). Bénévoles see names only.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tisserand.activities import selectors, services
from tisserand.activities.forms import (
    FacilitatorsForm,
    HeadcountForm,
    JournalForm,
    NewcomerForm,
    SessionCancelForm,
)
from tisserand.activities.models import Session
from tisserand.core.permissions import may_open
from tisserand.people.services import PossibleDuplicate

SEARCH_MIN_LENGTH = 2


def _session_for(request, pk) -> Session:
    """The session if this user may work on it; 404 if unknown, 403 if not theirs."""
    session = get_object_or_404(selectors.session_for_page(), pk=pk)
    if not selectors.user_can_run_activity(user=request.user, activity=session.activity):
        raise PermissionDenied
    return session


def _names_only(request) -> bool:
    """Bénévoles see the names on the roster, not the ages."""
    return not selectors.user_sees_person_details(request.user)


def _cancelled_message() -> str:
    return _("Cette séance est annulée : on ne peut pas y pointer de présence.")


def _render_page(request, session: Session, *, forms=None, search=None, namesakes=None,
                 status=200):
    forms = forms or {}
    facilitator_choices = selectors.session_facilitator_choices(session=session)
    context = {
        "session": session,
        "roster": selectors.session_roster(session=session),
        "present_count": selectors.session_present_count(session=session),
        "headcounts": selectors.session_headcounts(session=session),
        "can_cancel": may_open(request.user, "session_cancel"),
        "can_print": may_open(request.user, "activity_month_sheet"),
        "names_only": _names_only(request),
        "search": search,
        "namesakes": namesakes,
        "newcomer_form": forms.get("newcomer") or NewcomerForm(),
        "headcount_form": forms.get("headcount") or HeadcountForm(),
        "journal_form": forms.get("journal") or JournalForm(
            initial={"journal": session.journal}, version=session.journal_version),
        "facilitators_form": forms.get("facilitators")
        or FacilitatorsForm(
            choices=facilitator_choices,
            initial={"facilitators": list(selectors.session_facilitator_ids(session=session))},
        ),
        "cancel_form": forms.get("cancel") or SessionCancelForm(),
    }
    return render(request, "activities/session_detail.html", context, status=status)


def session_detail(request, pk):
    session = _session_for(request, pk)
    search = None
    query = request.GET.get("q", "").strip()
    if len(query) >= SEARCH_MIN_LENGTH:
        search = {
            "query": query,
            "entries": selectors.with_pick_tickets(
                selectors.session_search_roster(session=session, query=query),
                session=session, user=request.user,
            ),
        }
    return _render_page(request, session, search=search)


@require_GET
def session_search(request, pk):
    """htmx: persons matching the search box, each with a one-tap button."""
    session = _session_for(request, pk)
    query = request.GET.get("q", "").strip()
    entries = None
    if len(query) >= SEARCH_MIN_LENGTH:
        entries = selectors.with_pick_tickets(
            selectors.session_search_roster(session=session, query=query),
            session=session, user=request.user,
        )
    return render(
        request,
        "activities/_search_results.html",
        {
            "session": session,
            "query": query,
            "entries": entries,
            "names_only": _names_only(request),
        },
    )


@require_GET
def session_roster(request, pk):
    """htmx: the roster again (after someone was marked from the search results)."""
    session = _session_for(request, pk)
    return render(
        request,
        "activities/_roster.html",
        {
            "session": session,
            "roster": selectors.session_roster(session=session),
            "names_only": _names_only(request),
        },
    )


@require_POST
def attendance_toggle(request, pk, person_pk):
    """One tap: mark (present=1) or unmark (present=0) a person at the session.

    A person who is not on the roster is a 404, exactly like an unknown id, unless they are
    being marked from the search (``selectors.person_for_attendance``): the answer never
    shows the name or the age of someone the user could not see."""
    session = _session_for(request, pk)
    person = selectors.person_for_attendance(
        session=session,
        person_pk=person_pk,
        user=request.user,
        marking=request.POST.get("present") == "1",
        ticket=request.POST.get("pick", ""),
    )
    if person is None:
        raise Http404
    origin = "search" if request.POST.get("origin") == "search" else "roster"
    error = None
    if session.is_cancelled:
        error = _cancelled_message()
    else:
        try:
            if request.POST.get("present") == "1":
                services.attendance_mark(session=session, person=person, user=request.user)
            else:
                services.attendance_unmark(session=session, person=person)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif request.POST.get("present") == "1":
            messages.success(request, _("%(person)s est pointé·e présent·e.") % {"person": person})
        return redirect("session_detail", pk=session.pk)
    response = render(
        request,
        "activities/_attendance_response.html",
        {
            "session": session,
            "entry": selectors.session_roster_entry(session=session, person=person),
            "origin": origin,
            "present_count": selectors.session_present_count(session=session),
            "error": error,
            "names_only": _names_only(request),
        },
        status=409 if error else 200,
    )
    if origin == "search" and not error:
        response["HX-Trigger"] = "rosterChanged"
    return response


def _session_form_view(request, pk, form_name, form_class, save, **form_kwargs):
    """Shared flow of the small forms of the session page: validate, call the service,
    say so and go back to the page; on a mistake show the page again with the error."""
    session = _session_for(request, pk)
    if callable(form_kwargs.get("choices")):
        form_kwargs["choices"] = form_kwargs["choices"](session)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            message = save(request, session, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, message)
            return redirect("session_detail", pk=session.pk)
    return _render_page(request, session, forms={form_name: form})


def _save_newcomer(request, session, data, *, allow_namesake=False):
    person = services.attendance_add_newcomer(
        allow_namesake=allow_namesake,
        session=session,
        first_name=data["first_name"],
        last_name=data["last_name"],
        sex=data["sex"],
        birth_year=data["birth_year"],
        phone=data["phone"],
        user=request.user,
    )
    return _("%(person)s est enregistré·e et pointé·e présent·e.") % {"person": person}


def _save_headcount(request, session, data):
    services.headcount_set(session=session, category=data["category"], count=data["count"],
                           confirmed=data["confirm_above_capacity"])
    return _("Comptage enregistré.")


def _save_journal(request, session, data):
    services.session_update_journal(session=session, journal=data["journal"],
                                    expected_version=data.get("version"))
    return _("Journal de séance enregistré.")


def _save_facilitators(request, session, data):
    services.session_set_facilitators(session=session, contributors=data["facilitators"])
    return _("Encadrement présent enregistré.")


def _save_cancel(request, session, data):
    services.session_cancel(session=session, reason=data["reason"])
    return _("Séance annulée (%(reason)s).") % {"reason": data["reason"]}


@require_POST
def session_newcomer(request, pk):
    """A newcomer is created and marked present, unless persons of the same name exist:
    then the page lists them (one tap marks the right one) with "créer quand même"."""
    session = _session_for(request, pk)
    form = NewcomerForm(request.POST)
    if form.is_valid():
        try:
            message = _save_newcomer(
                request, session, form.cleaned_data,
                allow_namesake=request.POST.get("create_anyway") == "1",
            )
        except PossibleDuplicate as exc:
            namesakes = selectors.with_pick_tickets(
                selectors.namesake_entries(session=session, persons=exc.homonyms),
                session=session, user=request.user,
            )
            return _render_page(request, session, forms={"newcomer": form}, namesakes=namesakes)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, message)
            return redirect("session_detail", pk=session.pk)
    return _render_page(request, session, forms={"newcomer": form})


@require_POST
def session_headcount(request, pk):
    return _session_form_view(request, pk, "headcount", HeadcountForm, _save_headcount)


@require_POST
def session_journal(request, pk):
    return _session_form_view(request, pk, "journal", JournalForm, _save_journal)


@require_POST
def session_facilitators(request, pk):
    return _session_form_view(
        request, pk, "facilitators", FacilitatorsForm, _save_facilitators,
        choices=lambda session: selectors.session_facilitator_choices(session=session),
    )


@require_POST
def session_cancel(request, pk):
    return _session_form_view(request, pk, "cancel", SessionCancelForm, _save_cancel)


@require_POST
def session_restore(request, pk):
    session = _session_for(request, pk)
    if session.is_cancelled:
        services.session_restore(session=session)
        messages.success(request, _("La séance est rétablie : elle est de nouveau prévue."))
    else:
        messages.error(request, _("Cette séance n'est pas annulée : rien à rétablir."))
    return redirect("session_detail", pk=session.pk)
