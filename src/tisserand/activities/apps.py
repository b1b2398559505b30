from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "tisserand.activities"
    label = "activities"
    verbose_name = _("Actions, ateliers et séances")
    # What a restore would overwrite (the programme): ``core.backup.holds_centre_data``.
    centre_data_models = ("Action",)
