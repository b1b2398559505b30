"""Login with lockout, and the 6-digit code forms."""

import ipaddress

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from tisserand.accounts import services


def client_ip(request) -> str | None:
    """The address the login throttling counts.

    The peer address (``REMOTE_ADDR``), whose X-Forwarded-For is not trusted: anyone can
    forge it. Behind a reverse proxy (``TISSERAND_BEHIND_PROXY``, which sets
    ``SECURE_PROXY_SSL_HEADER``) the peer is the proxy itself: the address is then the last
    entry of X-Forwarded-For, the one the proxy appended (what a client sends before it
    is ignored)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        last = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            pass
    return remote


class LockoutAuthenticationForm(AuthenticationForm):
    """Django's login form, refusing a throttled attempt before checking the password
    (``accounts.throttle``) and counting every failed one."""

    failed_username = ""

    def clean(self):
        username = self.cleaned_data.get("username")
        ip = client_ip(self.request)
        if username and (refused := services.login_refusal(username=username, ip=ip)):
            raise ValidationError(refused.message(), code="throttled")
        try:
            return super().clean()
        except ValidationError:
            if username:
                self.failed_username = username
                refused = services.login_failure_record(username=username, ip=ip)
                if refused and refused.locked:
                    raise ValidationError(refused.message(), code="throttled") from None
            raise


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": r"[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not (code.isascii() and code.isdigit()):  # "²" is a digit
            raise ValidationError(_("Saisissez les 6 chiffres affichés par l'application."))
        return code


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mot de passe incorrect."))
        return password


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=_("Code d'activation remis par la direction"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True,
                                      "autocapitalize": "none", "spellcheck": "false"}),
    )
