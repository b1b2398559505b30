"""Security headers, and the refusal to serve in production with the development key.

Django's SecurityMiddleware sets HSTS, nosniff, the referrer and opener policies (see the
settings); this middleware adds the Content-Security-Policy: only the application's own
scripts, styles, images and forms, no framing. Templates therefore carry no inline script
and no ``hx-on`` attribute (htmx is loaded from a static file); inline styles stay allowed
for the report's preview and htmx's own indicator style.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
])
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

INSECURE_KEY_MESSAGE = (
    "Tisserand refuse de démarrer en production avec la clé secrète de développement : "
    "définissez TISSERAND_SECRET_KEY (une longue chaîne aléatoire, par exemple produite par "
    "« python -c 'import secrets; print(secrets.token_urlsafe(50))' »), ou activez le mode "
    "développement avec TISSERAND_DEBUG=1."
)


def uses_development_key() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY


def require_production_key() -> None:
    """Raise ImproperlyConfigured when serving in production with the development key."""
    if uses_development_key():
        raise ImproperlyConfigured(INSECURE_KEY_MESSAGE)


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response.

    Loaded once when the server starts (WSGI or runserver): that is where the development
    key is refused in production, so management commands (migrate, backup...) still run.
    """

    def __init__(self, get_response):
        require_production_key()
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


@checks.register(checks.Tags.security, deploy=True)
def check_production_key(app_configs, **kwargs):
    """``tisserand check --deploy`` reports the development key as an error."""
    if uses_development_key():
        return [checks.Error(INSECURE_KEY_MESSAGE, id="tisserand.E001")]
    return []
