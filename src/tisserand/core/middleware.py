"""Enforces the permission matrix (``tisserand.core.permissions``) on every view.

Anonymous visitors go to the login page; logged-in users the matrix does not allow get the
French 403 page; a url name missing from the matrix is refused to everybody (fail closed).
The Django admin site keeps its own ``is_staff`` check.
"""

import logging

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django_htmx.http import HttpResponseClientRedirect

from tisserand.core import maintenance
from tisserand.core.permissions import ANY_USER, PUBLIC, has_any_role, rule_for

logger = logging.getLogger(__name__)

ADMIN_NAMESPACE = "admin"


class PermissionMatrixMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or ADMIN_NAMESPACE in match.namespaces:
            return None
        rule = rule_for(match.view_name)
        if rule is None:
            logger.warning("URL %s absente de la matrice des permissions : refusée.",
                           match.view_name)
            raise PermissionDenied
        if rule == PUBLIC:
            return None
        if not request.user.is_authenticated:
            return _to_login(request)
        if rule == ANY_USER or has_any_role(request.user, rule):
            return None
        raise PermissionDenied


def _to_login(request):
    response = redirect_to_login(request.get_full_path())
    if request.htmx:
        # htmx would swap the login page into a fragment: ask it to load the whole page.
        return HttpResponseClientRedirect(response["Location"] or resolve_url("login"))
    return response


class MaintenanceMiddleware:
    """While the maintenance lock is held (``core.maintenance``: an operator's maintenance,
    a restore), every page answers a French "maintenance" page, before any session or
    database access; otherwise the request marks the application as serving."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if maintenance.in_maintenance():
            restoring = maintenance.RESTORE.path.exists()
            page = render_to_string("core/maintenance.html", {"restoring": restoring})
            response = HttpResponse(page, status=503)
            response["Retry-After"] = "120"
            return response
        maintenance.mark_serving()
        return self.get_response(request)
