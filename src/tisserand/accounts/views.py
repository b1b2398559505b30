"""Login (password, then the code when the user has a second factor) and 2FA screens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from tisserand.accounts import services, totp
from tisserand.accounts.forms import (
    CodeForm,
    EnrolmentCodeForm,
    LockoutAuthenticationForm,
    PasswordConfirmForm,
    client_ip,
)
from tisserand.audit.services import log_login

PENDING_KEY = "accounts_pending_login"
ENROLMENT_KEY = "accounts_enrolment"
PENDING_SECONDS = 5 * 60
ISSUER = "Tisserand"


def _audit(request, action: str, *, user=None, username: str = "") -> None:
    """Single call site of the audit trail for ``login`` and ``login_failed``."""
    log_login(action=action, user=user, username=username, request=request)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password (the user menu): the old one, then the new one twice,
    checked by the project's password validators; the session stays open."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed_record(user=form.user)
        messages.success(self.request, _("Votre mot de passe est changé."))
        return response


class LoginView(auth_views.LoginView):
    """Password step. With a confirmed second factor the user is not logged in yet: the
    pending login waits in the session for the code (``login_code``)."""

    form_class = LockoutAuthenticationForm
    template_name = "accounts/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if services.twofactor_confirmed(user):
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": timezone.now().timestamp(),
                "next": self.get_redirect_url(),
            }
            return redirect("login_code")
        services.login_success_record(user=user, ip=client_ip(self.request))
        response = super().form_valid(form)
        _audit(self.request, "login", user=user)
        return response


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or timezone.now().timestamp() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


def login_code(request):
    """Second step: the 6-digit code. A wrong code counts as a failure for the throttling."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        messages.error(
            request, _("La connexion a expiré : saisissez à nouveau votre mot de passe.")
        )
        return redirect("login")
    username = user.get_username()
    ip = client_ip(request)
    refused = services.login_refusal(username=username, ip=ip)
    if refused and refused.locked:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, refused.message())
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if refused:  # a delay: the code is not checked
            form.add_error("code", refused.message())
        elif services.twofactor_verify(user=user, code=form.cleaned_data["code"]):
            request.session.pop(PENDING_KEY, None)
            services.login_success_record(user=user, ip=ip)
            auth_login(request, user, backend=pending["backend"])
            _audit(request, "login", user=user)
            return redirect(pending.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL))
        else:
            refused = services.login_failure_record(username=username, ip=ip, user=user)
            if refused and refused.locked:
                request.session.pop(PENDING_KEY, None)
                messages.error(request, refused.message())
                return redirect("login")
            form.add_error(
                "code",
                _("Code incorrect ou déjà utilisé. Attendez le code suivant et réessayez."),
            )
    return render(request, "accounts/login_code.html", {"form": form})


def admin_login_redirect(request, extra_context=None):
    """Replaces the admin site's own login page (see AccountsConfig.ready)."""
    return redirect_to_login(
        request.GET.get("next") or resolve_url("admin:index"), resolve_url("login")
    )


def _enrolment_digest(request, user) -> str | None:
    """The digest of the enrolment code this session checked, if still this user's
    valid code."""
    stored = request.session.get(ENROLMENT_KEY) or {}
    enrolment = services.enrolment_pending(user=user)
    if enrolment is None or stored.get("user") != user.pk:
        return None
    return stored.get("digest") if stored.get("digest") == enrolment.code_hash else None


def _enrolment_step(request, user, mandatory):
    """First step of the setup: the one-time code given by the direction. Wrong codes
    count as login failures (throttled like passwords)."""
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        refused = services.login_refusal(username=user.get_username(), ip=ip)
        if refused:
            form.add_error(None, refused.message())
        elif digest := services.enrolment_code_check(
            user=user, code=form.cleaned_data["enrolment_code"]
        ):
            request.session[ENROLMENT_KEY] = {"user": user.pk, "digest": digest}
            return redirect("twofactor_setup")
        else:
            services.login_failure_record(username=user.get_username(), ip=ip, user=user)
            form.add_error(
                "enrolment_code",
                _(
                    "Code d'activation incorrect ou expiré. Demandez-en un nouveau à la "
                    "direction."
                ),
            )
    return render(
        request,
        "accounts/twofactor_setup.html",
        {"enrolment_form": form, "mandatory": mandatory},
        status=400 if form.errors else 200,
    )


@login_required
def twofactor_setup(request):
    """Own second factor: first the enrolment code given by the direction, then the key
    and the otpauth URI, confirmed with a first code; once active, its state and the way to
    turn it off."""
    user = request.user
    mandatory = services.twofactor_mandatory(user)
    active = services.twofactor_confirmed(user)
    if active:
        return render(
            request,
            "accounts/twofactor_setup.html",
            {"active": active, "mandatory": mandatory},
        )
    digest = _enrolment_digest(request, user)
    if digest is None:
        return _enrolment_step(request, user, mandatory)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.twofactor_confirm(
                user=user, code=form.cleaned_data["code"], enrolment_digest=digest
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            request.session.pop(ENROLMENT_KEY, None)
            messages.success(request, _("La double authentification est activée."))
            return redirect("twofactor_setup")
    pending = services.twofactor_begin(user=user)
    response = render(
        request,
        "accounts/twofactor_setup.html",
        {
            "form": form,
            "mandatory": mandatory,
            "secret_grouped": totp.group_secret(pending.secret),
            "otpauth_uri": totp.provisioning_uri(
                secret=pending.secret, account=user.get_username(), issuer=ISSUER
            ),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def twofactor_disable(request):
    """Turn the second factor off, after typing the password again; refused for the roles
    that must keep it."""
    user = request.user
    mandatory = services.twofactor_mandatory(user)
    active = services.twofactor_confirmed(user)
    form = PasswordConfirmForm(request.POST or None, user=user)
    if active and request.method == "POST" and form.is_valid():
        try:
            services.twofactor_disable(user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La double authentification est désactivée."))
            return redirect("twofactor_setup")
    return render(
        request,
        "accounts/twofactor_disable.html",
        {"form": form, "mandatory": mandatory, "active": active},
    )
