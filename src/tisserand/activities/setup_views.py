"""Screens that set up the programme, for the coordination and the direction: the
programme's home, the centre's settings and the reference lists (places, sectors,
partners, funding schemes). The actions and ateliers are in ``programme_views``."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tisserand.activities import selectors
from tisserand.activities.models import FundingScheme
from tisserand.activities.setup_forms import CentreSettingsForm, reference_form
from tisserand.activities.setup_services import reference_delete
from tisserand.core.models import (
    CancellationReason,
    Centre,
    Contributor,
    Partner,
    Place,
    Sector,
)
from tisserand.core.selectors import current_centre


@dataclass(frozen=True)
class ReferenceScreen:
    """One reference list: its model, the prefix of its url names, its words."""

    model: type
    prefix: str
    title: Promise
    new: Promise
    columns: tuple[str, ...]
    help: Promise | str = ""


SCREENS = {
    "place": ReferenceScreen(
        Place, "place", gettext_lazy("Lieux"), gettext_lazy("Nouveau lieu"),
        ("name", "address", "is_outreach"),
        gettext_lazy("Les salles du centre et les lieux « hors les murs » (square, "
                     "résidence, école) où se tiennent les séances."),
    ),
    "sector": ReferenceScreen(
        Sector, "sector", gettext_lazy("Secteurs"), gettext_lazy("Nouveau secteur"),
        ("position", "name"),
        gettext_lazy("Les parties du rapport d'activités, dans leur ordre."),
    ),
    "partner": ReferenceScreen(
        Partner, "partner", gettext_lazy("Partenaires"), gettext_lazy("Nouveau partenaire"),
        ("name", "kind", "contact"),
    ),
    "funding_scheme": ReferenceScreen(
        FundingScheme, "funding_scheme", gettext_lazy("Dispositifs"),
        gettext_lazy("Nouveau dispositif"), ("code", "name"),
        gettext_lazy("CLAS, REAAP, LALP, ACM… : les dispositifs dont relèvent les actions."),
    ),
    "contributor": ReferenceScreen(
        Contributor, "contributor", gettext_lazy("Équipe, bénévoles et intervenants"),
        gettext_lazy("Nouvelle personne de l'équipe"),
        ("last_name", "first_name", "kind", "job_title"),
        gettext_lazy("Les salariés, les bénévoles et les intervenants extérieurs : référents "
                     "des actions, équipes des ateliers. Le compte de connexion d'une personne "
                     "se relie depuis l'écran des utilisateurs."),
    ),
    "cancellation_reason": ReferenceScreen(
        CancellationReason, "cancellation_reason", gettext_lazy("Motifs d'annulation"),
        gettext_lazy("Nouveau motif"), ("label",),
        gettext_lazy("Les motifs proposés quand on annule des séances (confinement, "
                     "intempéries, absence d'un intervenant…) : le rapport les compte."),
    ),
}


def programme_home(request):
    return render(request, "activities/setup/home.html", {"screens": SCREENS.values()})


def centre_settings(request):
    centre = current_centre() or Centre()
    form = CentreSettingsForm(request.POST or None, request.FILES or None, instance=centre)
    if request.method == "POST" and form.is_valid() and form.submit():
        messages.success(request, _("Réglages du centre enregistrés."))
        return redirect("centre_settings")
    return render(request, "activities/setup/centre_form.html", {"form": form})


def _rows(screen: ReferenceScreen) -> list[dict]:
    """Each record with the values of its columns, as shown (choices by their label)."""
    rows = []
    for record in selectors.reference_rows(screen.model):
        cells = []
        for name in screen.columns:
            display = getattr(record, f"get_{name}_display", None)
            cells.append(display() if display else getattr(record, name))
        rows.append({"record": record, "cells": cells})
    return rows


def reference_list(request, kind: str):
    screen = SCREENS[kind]
    headers = [screen.model._meta.get_field(name).verbose_name for name in screen.columns]
    return render(request, "activities/setup/reference_list.html",
                  {"screen": screen, "headers": headers, "rows": _rows(screen)})


def _edit(request, screen: ReferenceScreen, instance):
    form = reference_form(screen.model)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid() and form.submit():
        messages.success(request, _("« %(name)s » enregistré.") % {"name": form.instance})
        return redirect(f"{screen.prefix}_list")
    return render(request, "activities/setup/reference_form.html",
                  {"screen": screen, "form": form, "record": instance})


def reference_create(request, kind: str):
    screen = SCREENS[kind]
    return _edit(request, screen, screen.model())


def reference_update(request, kind: str, pk: int):
    screen = SCREENS[kind]
    return _edit(request, screen, get_object_or_404(screen.model, pk=pk))


@require_POST
def reference_delete_view(request, kind: str, pk: int):
    """Delete a record nobody uses; else the French refusal saying where it is used."""
    screen = SCREENS[kind]
    record = get_object_or_404(screen.model, pk=pk)
    name = str(record)
    try:
        reference_delete(instance=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{screen.prefix}_update", pk=pk)
    messages.success(request, _("« %(name)s » supprimé.") % {"name": name})
    return redirect(f"{screen.prefix}_list")
