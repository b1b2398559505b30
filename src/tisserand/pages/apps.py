from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The screens that compose several apps (the top layer): the dashboard, a person's
    page, an action's page. No model of its own."""

    name = "tisserand.pages"
    label = "pages"
    verbose_name = _("Pages")
