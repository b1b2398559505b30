from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "tisserand.scale"
    label = "scale"
    verbose_name = "Données synthétiques"
