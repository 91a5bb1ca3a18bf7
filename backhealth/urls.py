from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from backhealth import languages, views
from backhealth.favicon import favicon

urlpatterns = [
    path("", languages.root, name="root"),
    path("language/<str:code>/", languages.choose_language, name="choose-language"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("articles.root_urls")),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
]
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("faq.urls")),
    prefix_default_language=True,
)

handler400 = "backhealth.errors.bad_request"
handler403 = "backhealth.errors.permission_denied"
handler404 = "backhealth.errors.page_not_found"
handler500 = "backhealth.errors.server_error"
