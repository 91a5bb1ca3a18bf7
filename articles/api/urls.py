from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles.api import views
from articles.api.changes import ChangesViewSet
from articles.api.faqs import FAQViewSet
from articles.api.http import not_found

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("faqs", FAQViewSet, basename="faq")
router.register("languages", views.LanguageViewSet, basename="language")
router.register("changes", ChangesViewSet, basename="change")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the docs need no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    # Anything else under /api/v1/ ending in "/" (others are first sent there by APPEND_SLASH).
    re_path(r"^.*/$", not_found, name="not-found"),
]
