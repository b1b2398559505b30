"""Screens for persons and households.

Who may open them is declared in ``tisserand.core.permissions``; animateurs see the persons
of their own sessions through the session pages, not here.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tisserand.audit.services import log_view
from tisserand.core.htmx import wants_fragment
from tisserand.core.permissions import HOUSEHOLD_AGES, has_any_role, may_open
from tisserand.core.request_params import id_param
from tisserand.people import selectors
from tisserand.people.forms import (
    FamilyQuotientForm,
    HouseholdForm,
    MemberAddForm,
    MembershipForm,
    PersonForm,
)
from tisserand.people.models import Household, Person

LIST_LIMIT = 50


def _search_page(request, rows, full_template: str, partial_template: str):
    rows = list(rows)
    context = {
        "rows": rows[:LIST_LIMIT],
        "truncated": len(rows) > LIST_LIMIT,
        "limit": LIST_LIMIT,
        "query": request.GET.get("q", ""),
    }
    return render(request, partial_template if wants_fragment(request) else full_template, context)


# Persons ---------------------------------------------------------------------------------


@require_GET
def person_list(request):
    found = selectors.person_search(query=request.GET.get("q", ""), limit=LIST_LIMIT + 1)
    return _search_page(
        request, found, "people/person_list.html", "people/_person_results.html"
    )


def person_create(request):
    household_id = id_param(request, "foyer")
    initial = {"household": household_id} if household_id else {}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and (person := form.submit()):
        messages.success(request, _("%(person)s a été enregistré·e.") % {"person": person})
        return redirect("person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


def person_update(request, pk):
    person = get_object_or_404(Person, pk=pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid() and form.submit():
        messages.success(request, _("Modifications enregistrées."))
        return redirect("person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person_pk": pk})


# Households ------------------------------------------------------------------------------


@require_GET
def household_list(request):
    found = selectors.household_search(query=request.GET.get("q", ""), limit=LIST_LIMIT + 1)
    return _search_page(
        request, found, "people/household_list.html", "people/_household_results.html"
    )


def household_create(request):
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (household := form.submit()):
        messages.success(request, _("Foyer enregistré."))
        return redirect("household_detail", pk=household.pk)
    return render(request, "people/household_form.html", {"form": form})


def household_update(request, pk):
    household = get_object_or_404(Household, pk=pk)
    form = HouseholdForm(request.POST or None, instance=household)
    if request.method == "POST" and form.is_valid() and form.submit():
        messages.success(request, _("Modifications enregistrées."))
        return redirect("household_detail", pk=pk)
    return render(request, "people/household_form.html", {"form": form, "household_pk": pk})


def _household_page(request, pk, **bound_forms):
    household = get_object_or_404(selectors.household_with_details(), pk=pk)
    # Family quotients are confidential: shown to those who may record them.
    show_quotients = may_open(request.user, "household_quotient_add")
    if show_quotients and household.quotients.all():
        log_view(household, what=_("quotient familial"))
    context = {
        "household": household,
        "show_quotients": show_quotients,
        # Ages to those who open persons' pages; an age band to the comptable.
        "show_ages": has_any_role(request.user, HOUSEHOLD_AGES),
        # Memberships (amounts paid): those who record them, not the médiation.
        "show_memberships": may_open(request.user, "household_membership_add"),
        "quotient_form": FamilyQuotientForm(household=household),
        "membership_form": MembershipForm(household=household),
        "member_form": MemberAddForm(household=household),
        **bound_forms,
    }
    return render(request, "people/household_detail.html", context)


@require_GET
def household_detail(request, pk):
    return _household_page(request, pk)


def _household_write(request, pk, form_class, context_name: str, success: str):
    household = get_object_or_404(Household, pk=pk)
    form = form_class(request.POST, household=household)
    if form.is_valid() and form.submit():
        messages.success(request, success)
        return redirect("household_detail", pk=pk)
    return _household_page(request, pk, **{context_name: form})


@require_POST
def household_quotient_add(request, pk):
    return _household_write(
        request, pk, FamilyQuotientForm, "quotient_form", _("Quotient familial enregistré.")
    )


@require_POST
def household_membership_add(request, pk):
    return _household_write(
        request, pk, MembershipForm, "membership_form", _("Adhésion enregistrée.")
    )


@require_POST
def household_member_add(request, pk):
    return _household_write(
        request, pk, MemberAddForm, "member_form", _("Membre ajouté au foyer.")
    )


@require_GET
def household_member_search(request, pk):
    """Persons to add to a household: results only for htmx, a small page otherwise."""
    household = get_object_or_404(Household, pk=pk)
    query = request.GET.get("q", "")
    context = {
        "household": household,
        "query": query,
        "candidates": selectors.person_search(query=query, limit=20) if query.strip() else [],
        "member_form": MemberAddForm(household=household),
    }
    template = "people/_member_candidates.html" if wants_fragment(request) else (
        "people/household_member_search.html"
    )
    return render(request, template, context)
