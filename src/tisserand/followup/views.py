"""Screens of the individual follow-up: list, new file, file page, edit, contacts,
referrals, closing and reopening.

Only the follow-up role (médiation / CESF) and the direction open them: the permission
matrix says so (``FOLLOW_UP`` in ``core/permissions.py``) and the middleware refuses every
other role, reading or writing, before these views run. Each display of a file's content
(its page, its edit form) writes a "consultation" entry in the audit trail. Nothing of a
file is shown elsewhere: the person page only links here, for these same roles.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tisserand.audit.services import log_view
from tisserand.core.htmx import wants_fragment
from tisserand.core.request_params import id_from, id_param
from tisserand.followup import selectors, services
from tisserand.followup.forms import (
    ContactForm,
    FollowUpCloseForm,
    FollowUpOpenForm,
    FollowUpUpdateForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from tisserand.followup.models import FollowUpFile, Referral
from tisserand.followup.selectors import StatusFilter

LIST_LIMIT = 50
SEARCH_MIN_LENGTH = 2


# List ------------------------------------------------------------------------------------


@require_GET
def followup_list(request):
    person_id = id_param(request, "person")
    # From a person's page, all their files (open or closed); otherwise the open ones.
    default_status = StatusFilter.ALL if person_id else StatusFilter.OPEN
    status = request.GET.get("status", default_status)
    if status not in StatusFilter.CHOICES:
        status = default_status
    referent_id = id_param(request, "referent")
    query = request.GET.get("q", "")
    rows = list(
        selectors.follow_up_list(
            status=status, referent_id=referent_id, person_id=person_id, query=query,
            limit=LIST_LIMIT + 1,
        )
    )
    context = {
        "rows": rows[:LIST_LIMIT],
        "truncated": len(rows) > LIST_LIMIT,
        "limit": LIST_LIMIT,
        "query": query,
        "status": status,
        "status_choices": [
            (StatusFilter.OPEN, _("En cours")),
            (StatusFilter.CLOSED, _("Clos")),
            (StatusFilter.ALL, _("Tous")),
        ],
        "referent_id": referent_id,
        "referents": selectors.list_referents(),
        "person": selectors.person_for_new_file(pk=person_id) if person_id else None,
        "person_id": person_id,
    }
    if wants_fragment(request):
        return render(request, "followup/_file_results.html", context)
    return render(request, "followup/file_list.html", context)


# New file --------------------------------------------------------------------------------


def _candidates(query: str):
    if len(query.strip()) < SEARCH_MIN_LENGTH:
        return None
    return selectors.person_candidates(query=query)


def followup_create(request):
    """With ``?person=<id>`` (from the person page or the search): the opening form.
    Without: a search for the person."""
    raw = request.POST.get("person") if request.method == "POST" else request.GET.get("person")
    person = selectors.person_for_new_file(pk=pk) if (pk := id_from(raw)) else None
    form = FollowUpOpenForm(
        request.POST or None, initial={"person": person.pk if person else None},
        user=request.user,
    )
    if request.method == "POST" and form.is_valid() and (file := form.submit()):
        messages.success(request, _("Dossier d'accompagnement ouvert."))
        return redirect("followup_detail", pk=file.pk)
    query = request.GET.get("q", "")
    context = {
        "form": form,
        "person": person,
        "query": query,
        "candidates": _candidates(query) if person is None else None,
    }
    return render(request, "followup/file_create.html", context)


@require_GET
def followup_person_search(request):
    """Persons to open a file for: results only for htmx, the search page otherwise."""
    query = request.GET.get("q", "")
    context = {"query": query, "candidates": _candidates(query)}
    if wants_fragment(request):
        return render(request, "followup/_person_candidates.html", context)
    return render(request, "followup/file_create.html", {**context, "person": None})


# The file page ---------------------------------------------------------------------------


def _is_anonymised(person) -> bool:
    try:
        return person.anonymisation is not None
    except ObjectDoesNotExist:
        return False


def _file_page(request, pk, *, bound_outcome=None, **bound_forms):
    file = get_object_or_404(
        selectors.follow_up_for_page().select_related("person__anonymisation"), pk=pk
    )
    log_view(file)
    person = file.person
    for referral in file.referrals.all():
        referral.outcome_form = (
            bound_outcome if bound_outcome is not None and bound_outcome.instance.pk == referral.pk
            else ReferralOutcomeForm(instance=referral, prefix=f"r{referral.pk}")
        )
    context = {
        "file": file,
        "person": person,
        "household": person.household,
        "member_count": person.household.members.count() if person.household_id else 0,
        "read_only": _is_anonymised(person),
        "contact_form": bound_forms.get("contact_form")
        or ContactForm(file=file, user=request.user),
        "referral_form": bound_forms.get("referral_form")
        or ReferralForm(file=file, user=request.user),
        "close_form": bound_forms.get("close_form") or FollowUpCloseForm(file=file),
        "reopen_error": bound_forms.get("reopen_error"),
    }
    return render(request, "followup/file_detail.html", context)


@require_GET
def followup_detail(request, pk):
    return _file_page(request, pk)


def followup_update(request, pk):
    file = get_object_or_404(FollowUpFile.objects.select_related("person"), pk=pk)
    form = FollowUpUpdateForm(request.POST or None, instance=file)
    if request.method == "POST" and form.is_valid() and form.submit():
        messages.success(request, _("Modifications enregistrées."))
        return redirect("followup_detail", pk=pk)
    log_view(file, _("modification"))  # the form shows the confidential notes
    return render(request, "followup/file_form.html", {"form": form, "file": file})


def _back_to_file(pk, anchor: str = ""):
    return redirect(reverse("followup_detail", args=[pk]) + anchor)


@require_POST
def followup_contact_add(request, pk):
    file = get_object_or_404(FollowUpFile, pk=pk)
    form = ContactForm(request.POST, file=file, user=request.user)
    if form.is_valid() and form.submit():
        messages.success(request, _("Contact enregistré."))
        return _back_to_file(pk, "#contacts")
    return _file_page(request, pk, contact_form=form)


@require_POST
def followup_referral_add(request, pk):
    file = get_object_or_404(FollowUpFile, pk=pk)
    form = ReferralForm(request.POST, file=file, user=request.user)
    if form.is_valid() and form.submit():
        messages.success(request, _("Orientation enregistrée."))
        return _back_to_file(pk, "#orientations")
    return _file_page(request, pk, referral_form=form)


@require_POST
def followup_referral_update(request, pk):
    """The outcome of a referral (``pk`` is the referral's)."""
    referral = get_object_or_404(Referral.objects.select_related("file"), pk=pk)
    form = ReferralOutcomeForm(request.POST, instance=referral, prefix=f"r{referral.pk}")
    if form.is_valid() and form.submit():
        messages.success(request, _("Suite de l'orientation enregistrée."))
        return _back_to_file(referral.file_id, "#orientations")
    return _file_page(request, referral.file_id, bound_outcome=form)


@require_POST
def followup_close(request, pk):
    file = get_object_or_404(FollowUpFile, pk=pk)
    form = FollowUpCloseForm(request.POST, file=file)
    if form.is_valid() and form.submit():
        messages.success(request, _("Dossier clos."))
        return _back_to_file(pk)
    return _file_page(request, pk, close_form=form)


@require_POST
def followup_reopen(request, pk):
    file = get_object_or_404(FollowUpFile, pk=pk)
    try:
        services.follow_up_reopen(file=file)
    except ValidationError as error:  # ``error.existing`` when another file is open
        return _file_page(request, pk, reopen_error=error)
    messages.success(request, _("Dossier rouvert."))
    return _back_to_file(pk)
