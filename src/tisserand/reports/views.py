"""Screens of the yearly report: preview and downloads, evaluation sheets, centre sections.

Who may open them is declared in ``tisserand.core.permissions``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tisserand.activities import services as activity_services
from tisserand.activities.figure_sets import action_figures
from tisserand.activities.selectors import default_report_period
from tisserand.core.periods import FIRST_YEAR, LAST_YEAR
from tisserand.core.request_params import period_from_request, period_query
from tisserand.core.versioning import EditConflict
from tisserand.reports import selectors, services
from tisserand.reports.builder import build_report
from tisserand.reports.exporters import EXPORTERS, report_context
from tisserand.reports.forms import ActionFiguresForm, CentreSectionFormSet, SheetAnswersForm
from tisserand.reports.models import CentreSection, EvaluationQuestion, EvaluationSheet

FORMAT_LABELS = {"html": "HTML", "docx": "Word (DOCX)", "pdf": "PDF"}


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


def report(request):
    form, period = period_from_request(request, default_report_period)
    context = {
        "form": form, "period": period, "formats": FORMAT_LABELS, "query": period_query(request)
    }
    if period is not None:
        built = build_report(period)
        context.update(report_context(built))
        context["sheets_year"] = period.end.year
        context["drafts_to_validate"] = selectors.sheets_with_drafts(period.end.year)
        context["query"] = context["query"] or urlencode({"annee": period.label})
    return render(request, "reports/report.html", context, status=200 if period else 400)


def report_download(request, fmt):
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    _form, period = period_from_request(request, default_report_period)
    if period is None:
        return redirect(f"{reverse('report')}?{period_query(request)}")
    try:
        filename, mimetype, content = exporter.export(build_report(period))
    except (ImportError, OSError) as error:  # WeasyPrint without its system libraries
        messages.error(
            request,
            _("Le fichier %(format)s n'a pas pu être produit sur ce serveur (%(error)s).")
            % {"format": FORMAT_LABELS[fmt], "error": error},
        )
        return redirect(f"{reverse('report')}?{period_query(request)}")
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- evaluation sheets -----------------------------------------------------------------


def sheet_list(request, year):
    _check_year(year)
    context = {
        "year": year,
        "sectors": selectors.sheets_overview(year),
        "question_count": selectors.default_question_count(),
    }
    return render(request, "reports/sheet_list.html", context)


def _open_sheet(request, year, action_pk) -> EvaluationSheet:
    _check_year(year)
    action = get_object_or_404(selectors.actions_of_year(year), pk=action_pk)
    return services.sheet_open(action=action, year=year)


def _answer_rows(sheet, questions, form=None, suggestions=None):
    texts = selectors.sheet_texts(sheet) if form is None else {}
    drafts = selectors.sheet_drafts(sheet)
    rows = []
    for question in questions:
        name = SheetAnswersForm.field_name(question)
        if form is None:
            text, errors = texts.get(question.pk, ""), []
        else:
            text, errors = form.data.get(name, ""), form.errors.get(name, [])
        rows.append(selectors.AnswerRow(
            question=question, field_name=name, text=text, errors=list(errors),
            suggestions=(suggestions or {}).get(question.pk, ""),
            is_draft=question.pk in drafts,
        ))
    return rows


def _save_answers(sheet, form) -> int | None:
    """How many answers changed; None on a conflict, shown on the form."""
    try:
        return services.sheet_answers_save(
            sheet=sheet, answers=form.answers(), validated=form.validated(),
            expected_version=form.started_from,
        )
    except EditConflict as conflict:
        form.add_error(None, conflict)
        return None


def sheet_edit(request, year, action_pk):
    try:
        sheet = _open_sheet(request, year, action_pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("sheet_list", year=year)
    questions = selectors.sheet_questions(sheet)
    form = None
    if request.method == "POST":
        form = SheetAnswersForm(request.POST, questions=questions)
        if form.is_valid() and (changed := _save_answers(sheet, form)) is not None:
            messages.success(
                request,
                ngettext(
                    "Fiche enregistrée (%(count)d réponse modifiée).",
                    "Fiche enregistrée (%(count)d réponses modifiées).",
                    changed,
                ) % {"count": changed},
            )
            return redirect("sheet_edit", year=year, action_pk=sheet.action_id)
        messages.error(request, _("La fiche n'a pas été enregistrée : corrigez les erreurs."))
    context = {
        "sheet": sheet,
        "action": sheet.action,
        "year": year,
        "version_field": (form or SheetAnswersForm(questions=[], version=sheet.version))["version"],
        "conflict": form.non_field_errors() if form else [],
        # The lines the report will print for the action (its figure set), as a preview.
        "overview": selectors.action_year_overview(sheet.action, year),
        "figures_form": ActionFiguresForm(initial={
            "kind": sheet.action.kind, "figures": list(action_figures(sheet.action)),
            "follow_kind": not sheet.action.figures,
        }),
        "rows": _answer_rows(
            sheet, questions, form, selectors.sheet_suggestions(sheet, questions)
        ),
    }
    return render(request, "reports/sheet_edit.html", context, status=400 if form else 200)


@require_POST
def answer_regenerate(request, year, action_pk, question_pk):
    sheet = _open_sheet(request, year, action_pk)
    question = get_object_or_404(EvaluationQuestion, pk=question_pk, grid=sheet.grid_id)
    try:
        answer = services.answer_regenerate(sheet=sheet, question=question)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=400)
        messages.error(request, " ".join(error.messages))
        return redirect("sheet_edit", year=year, action_pk=sheet.action_id)
    if request.htmx:
        row = selectors.AnswerRow(
            question=question, field_name=SheetAnswersForm.field_name(question),
            text=answer.text, is_draft=answer.is_draft,
        )
        return render(request, "reports/_answer_field.html", {
            "row": row, "sheet": sheet, "regenerated": True,
        })
    messages.success(request, _("Réponse régénérée à partir des données."))
    return redirect("sheet_edit", year=year, action_pk=sheet.action_id)


@require_POST
def action_figures_set(request, year, action_pk):
    """The figures the report shows for the action, chosen on its sheet's page."""
    _check_year(year)
    action = get_object_or_404(selectors.actions_of_year(year), pk=action_pk)
    form = ActionFiguresForm(request.POST)
    if form.is_valid():
        try:
            activity_services.action_figures_set(
                action=action, kind=form.cleaned_data["kind"], figures=form.chosen()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Chiffres de l'action enregistrés : l'aperçu les "
                                        "montre comme le rapport."))
    else:
        messages.error(request, _("Rien n'a été enregistré : choisissez un type d'action."))
    return redirect(f"{reverse('sheet_edit', args=[year, action.pk])}#chiffres")


@require_POST
def sheet_copy_previous(request, year, action_pk):
    sheet = _open_sheet(request, year, action_pk)
    try:
        copied = services.sheet_copy_previous_year(sheet=sheet)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if copied:
            messages.success(request, ngettext(
                "%(count)d réponse copiée depuis %(year)s.",
                "%(count)d réponses copiées depuis %(year)s.",
                copied,
            ) % {"count": copied, "year": year - 1})
        else:
            messages.warning(request, _(
                "Aucune réponse copiée : les questions sont déjà remplies ou la fiche "
                "%(year)s est vide."
            ) % {"year": year - 1})
    return redirect("sheet_edit", year=year, action_pk=sheet.action_id)


# --- centre sections -------------------------------------------------------------------


def _section_initial(sections: list[CentreSection]) -> list[dict]:
    initial = [
        {"section": s.pk, "title": s.title, "position": s.position, "text": s.text}
        for s in sections
    ]
    if not sections:
        return [
            {"title": title, "position": position}
            for position, title in enumerate(selectors.DEFAULT_SECTION_TITLES, start=1)
        ]
    return initial + [{"position": max(s.position for s in sections) + 1}]


def _section_changes(formset) -> list[services.SectionChange]:
    """The rows of the form that change something (a new row left empty does not)."""
    changes = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or not form.has_changed():
            continue
        if not data.get("section") and (data.get("DELETE") or form.is_new_and_empty):
            continue
        changes.append(services.SectionChange(
            section_id=data.get("section"), title=data["title"], text=data["text"],
            position=data["position"] or 0, delete=bool(data.get("DELETE")),
        ))
    return changes


def centre_sections(request, year):
    _check_year(year)
    sections = selectors.centre_sections(year)
    if request.method == "POST":
        formset = CentreSectionFormSet(request.POST, initial=_section_initial(sections))
        if formset.is_valid():
            try:
                changes = services.centre_sections_save(
                    year=year, changes=_section_changes(formset)
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, ngettext(
                    "Vie du centre %(year)s enregistrée (%(count)d partie modifiée).",
                    "Vie du centre %(year)s enregistrée (%(count)d parties modifiées).",
                    changes,
                ) % {"year": year, "count": changes})
                return redirect("centre_sections", year=year)
        else:
            messages.error(request, _("Rien n'a été enregistré : corrigez les erreurs."))
        status = 400
    else:
        formset = CentreSectionFormSet(initial=_section_initial(sections))
        status = 200
    context = {
        "year": year,
        "formset": formset,
        "suggested": not sections,
        "default_titles": selectors.DEFAULT_SECTION_TITLES,
    }
    return render(request, "reports/centre_sections.html", context, status=status)
