from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "tisserand.people"
    label = "people"
    verbose_name = _("Habitants et familles")
    # What a restore would overwrite (persons): ``core.backup.holds_centre_data``.
    centre_data_models = ("Person",)
