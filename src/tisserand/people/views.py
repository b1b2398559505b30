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
from tisserand.people import merging, selectors
from tisserand.people.forms import (
    FamilyQuotientForm,
    HouseholdForm,
    MemberAddForm,
    MembershipForm,
    MergeForm,
    PersonForm,
)
from tisserand.people.models import Household, Person
from tisserand.people.services import HOUSEHOLD_FIELDS, PERSON_FIELDS

# Persons ---------------------------------------------------------------------------------
# (their list and the households' list, which filter on attendance too, are in
# ``tisserand.pages.people_views``)


def _person_form_page(request, person: Person | None = None, initial=None):
    """The person form, new or existing. "Chercher le foyer" (the household search
    without JavaScript) shows the same form with the households found, saving nothing."""
    if request.method == "POST" and "search_household" in request.POST:
        form = PersonForm(initial=request.POST.dict(), instance=person)
        form.show_households(request.POST.get("household_q", ""))
    else:
        form = PersonForm(request.POST or None, instance=person, initial=initial)
        if request.method == "POST" and form.is_valid() and (saved := form.submit()):
            if person is None:
                messages.success(request, _("%(person)s a été enregistré·e.") % {"person": saved})
            else:
                messages.success(request, _("Modifications enregistrées."))
            return redirect("person_detail", pk=saved.pk)
    context = {"form": form, "person_pk": person.pk if person else None}
    return render(request, "people/person_form.html", context)


def person_create(request):
    household_id = id_param(request, "foyer")
    return _person_form_page(request, initial={"household": household_id} if household_id else {})


def person_update(request, pk):
    return _person_form_page(request, get_object_or_404(Person, pk=pk))


@require_GET
def household_choices(request):
    """The households found for the person form's household search (an htmx fragment)."""
    query = request.GET.get("household_q", "")
    return render(request, "people/_household_choices.html", {
        "households": selectors.household_choices(query=query), "query": query,
    })


# Households ------------------------------------------------------------------------------


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


# Merging two records of one person or one household ---------------------------------------


def _merge_page(request, *, model, names, merge, candidates, kind: str):
    """``?a=`` and ``?b=``: the two records. One missing: a search to choose it. Both:
    side by side, the values to keep, then the merge (one transaction, audited)."""
    first_id, second_id = id_param(request, "a"), id_param(request, "b")
    first = model.objects.filter(pk=first_id).first() if first_id else None
    second = model.objects.filter(pk=second_id).first() if second_id else None
    context = {"kind": kind, "first": first, "second": second,
               "query": request.GET.get("q", "")}
    if first is None or second is None or first.pk == second.pk:
        query = context["query"]
        context["candidates"] = (
            candidates(query=query, exclude=first.pk if first else None) if query.strip()
            else []
        )
        return render(request, "people/merge.html", context)
    form = MergeForm(request.POST or None, first=first, second=second, names=names)
    if request.method == "POST" and form.is_valid() and (result := form.submit(merge)):
        messages.success(request, _(
            "Fiches fusionnées : %(moved)s éléments rattachés à la fiche conservée."
        ) % {"moved": result.moved_total})
        return redirect("person_detail" if kind == "person" else "household_detail",
                        pk=result.kept.pk)
    context["form"] = form
    return render(request, "people/merge.html", context)


def person_merge(request):
    return _merge_page(request, model=Person, names=PERSON_FIELDS, merge=merging.person_merge,
                       candidates=selectors.merge_candidates, kind="person")


def household_merge(request):
    return _merge_page(request, model=Household, names=HOUSEHOLD_FIELDS,
                       merge=merging.household_merge,
                       candidates=selectors.household_merge_candidates, kind="household")
