"""The admin site, with the editorial home page instead of the stock index.

Named in INSTALLED_APPS instead of django.contrib.admin (Django's way to replace the default
site); it imports no models at load time, since apps are not ready then.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class EditorialAdminSite(admin.AdminSite):
    index_template = "admin/editorial_home.html"

    def index(self, request, extra_context=None):
        from articles.admin.home import editorial_home

        extra_context = {**(extra_context or {}), "home": editorial_home(user=request.user)}
        return super().index(request, extra_context)


class EditorialAdminConfig(AdminConfig):
    default_site = "articles.admin_site.EditorialAdminSite"
