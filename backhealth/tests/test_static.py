from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command


def test_production_static_files_collect_with_fingerprints(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert staticfiles_storage.url("jquery-ui/jquery-ui.min.js").startswith("/static/jquery-ui/jquery-ui.min.")
    assert (tmp_path / "staticfiles.json").exists()
