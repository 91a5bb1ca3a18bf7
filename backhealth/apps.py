from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig


class BackhealthStaticFilesConfig(StaticFilesConfig):
    # Only jquery-ui.min.js is used (for the admin's translation tabs); the package's themes refer
    # to images it does not ship, which fingerprinted storage refuses.
    default = False
    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "jquery-ui*.css", "themes/*"]


class BackhealthConfig(AppConfig):
    default = True
    name = "backhealth"
    verbose_name = "Backhealth"
