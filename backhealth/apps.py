from django.apps import AppConfig


class BackhealthConfig(AppConfig):
    name = "backhealth"
    verbose_name = "Backhealth"
