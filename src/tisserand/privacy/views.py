"""Screens of the privacy app: consents, export, anonymisation, register of processing.

Who may open each screen is declared in core/permissions.py, like every other screen.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from tisserand.core.selectors import current_centre
from tisserand.people.models import Person
from tisserand.privacy import audit, exporters, register, selectors, services
from tisserand.privacy.forms import AnonymiseForm, ConsentForm


def _posted(request):
    """The submitted data, even when empty (an empty form must show its errors)."""
    return request.POST if request.method == "POST" else None


def person_privacy(request, pk):
    person = get_object_or_404(Person.objects.select_related("household"), pk=pk)
    anonymisation = selectors.anonymisation_of(person)
    form = ConsentForm(_posted(request), person=person)
    if request.method == "POST" and form.is_valid() and form.submit(by=request.user):
        messages.success(request, _("Consentement enregistré."))
        return redirect("person_privacy", pk=pk)
    context = {
        "person": person,
        "anonymisation": anonymisation,
        "consents": selectors.consents_current(person=person),
        "history": selectors.consent_history(person=person),
        "form": form,
    }
    return render(
        request, "privacy/person_privacy.html", context,
        status=400 if form.errors else 200,
    )


def _download(request, person, export) -> HttpResponse:
    filename, mimetype, content = export(person=person)
    audit.record("export", actor=request.user, obj=person, note=filename.rsplit(".", 1)[-1])
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def person_export_json(request, pk):
    person = get_object_or_404(Person, pk=pk)
    return _download(request, person, exporters.person_export_json)


def person_export_pdf(request, pk):
    person = get_object_or_404(Person, pk=pk)
    try:
        return _download(request, person, exporters.person_export_pdf)
    except (ImportError, OSError) as error:  # WeasyPrint without its system libraries
        messages.error(
            request,
            _("Le PDF n'a pas pu être produit sur ce serveur (%(error)s).") % {"error": error},
        )
        return redirect("person_privacy", pk=pk)


def person_anonymise(request, pk):
    person = get_object_or_404(Person.objects.select_related("household"), pk=pk)
    if selectors.anonymisation_of(person):
        messages.info(request, _("Cette personne est déjà anonymisée."))
        return redirect("person_privacy", pk=pk)
    form = AnonymiseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.person_anonymise(person=person, by=request.user)
        messages.success(
            request,
            _("La fiche n° %(pk)s a été anonymisée : son identité est effacée, ses "
              "participations restent comptées dans les rapports.") % {"pk": pk},
        )
        return redirect("person_privacy", pk=pk)
    mentions = selectors.identity_mentions(person)
    context = {
        "person": person,
        "form": form,
        "redacted": [m for m in mentions if m.fields],
        "to_review": [m for m in mentions if m.review],
    }
    return render(
        request, "privacy/person_anonymise.html", context,
        status=400 if form.errors else 200,
    )


def processing_register(request):
    context = {
        "centre": current_centre(),
        "processings": register.processings(),
        "security_measures": register.security_measures(),
    }
    return render(request, "privacy/processing_register.html", context)
