from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tisserand.demo"
    label = "demo"
    verbose_name = "Centre de démonstration"
