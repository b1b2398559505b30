"""The lists of persons and households: search, filters, pages of 50 rows, exports.

Who may open them is declared in ``tisserand.core.permissions``: an export is open to the
roles that see its list.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action
from tisserand.core.htmx import wants_fragment
from tisserand.core.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from tisserand.pages import people_lists

PAGE_SIZE = 50
FORMATS = {"csv": (csv_bytes, CSV_TYPE), "xlsx": (xlsx_bytes, XLSX_TYPE)}


def _list_page(request, rows_for, full_template: str, partial_template: str):
    form = people_lists.ListFilterForm(request.GET)
    page = None
    if form.is_valid():
        page = Paginator(rows_for(form), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": page.object_list if page else [],
        "query": form.cleaned_data.get("q", "") if form.is_valid() else "",
        "filters": kept.urlencode(),
        "filtered": bool(kept.urlencode()),
    }
    return render(request, partial_template if wants_fragment(request) else full_template,
                  context)


@require_GET
def person_list(request):
    return _list_page(request, people_lists.person_rows, "pages/person_list.html",
                      "people/_person_results.html")


@require_GET
def household_list(request):
    return _list_page(request, people_lists.household_rows, "pages/household_list.html",
                      "people/_household_results.html")


def _export(request, *, fmt: str, rows_for, table_for, what: str):
    form = people_lists.ListFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(_("Filtres incorrects : corrigez-les sur la liste avant "
                              "d'exporter."), status=400, content_type="text/plain; charset=utf-8")
    rows = rows_for(form)
    count = rows.count()
    render_bytes, mimetype = FORMATS[fmt]
    content = render_bytes(table_for(rows))
    # Who exported what: the filters and the number of rows, never the rows.
    log_action(action=AuditEntry.Action.EXPORT, note=_(
        "%(what)s (%(fmt)s) : %(filters)s ; %(count)s lignes"
    ) % {"what": what, "fmt": fmt.upper(), "filters": form.description(), "count": count})
    response = HttpResponse(content, content_type=mimetype)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{what.lower()}-{stamp}.{fmt}"'
    return response


@require_GET
def person_list_csv(request):
    return _export(request, fmt="csv", rows_for=people_lists.person_rows,
                   table_for=people_lists.persons_table, what=_("Habitants"))


@require_GET
def person_list_xlsx(request):
    return _export(request, fmt="xlsx", rows_for=people_lists.person_rows,
                   table_for=people_lists.persons_table, what=_("Habitants"))


@require_GET
def household_list_csv(request):
    return _export(request, fmt="csv", rows_for=people_lists.household_rows,
                   table_for=people_lists.households_table, what=_("Foyers"))


@require_GET
def household_list_xlsx(request):
    return _export(request, fmt="xlsx", rows_for=people_lists.household_rows,
                   table_for=people_lists.households_table, what=_("Foyers"))
