"""Users of the roles that must use a second factor go to its setup page until it is done."""

from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from tisserand.accounts import services

# Pages a user without the required second factor may still open.
EXEMPT_VIEWS = {"login", "login_code", "logout", "twofactor_setup", "admin:login"}


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if not services.twofactor_mandatory(user) or services.twofactor_confirmed(user):
            return None
        if request.htmx:
            return HttpResponseClientRedirect(reverse("twofactor_setup"))
        return redirect("twofactor_setup")
