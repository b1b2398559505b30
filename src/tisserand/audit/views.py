"""The trail screen, for the direction (rule in core/permissions.py)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tisserand.audit import selectors
from tisserand.audit.forms import AuditFilterForm

PER_PAGE = 50


@require_GET
def audit_list(request):
    params = request.GET.copy()
    params.pop("page", None)
    form = AuditFilterForm(params or None)
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else {}
        paginator = Paginator(selectors.audit_entries(**filters), PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"form": form, "page": page})
