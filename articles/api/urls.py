from django.urls import path, re_path, reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from articles.api import views
from articles.api.changes import ChangesViewSet
from articles.api.faqs import FAQViewSet
from articles.api.http import not_found

app_name = "api"


class APIRoot(DefaultRouter.APIRootView):
    """The API's entry point: every resource, and where its documentation and schema are."""

    authentication_classes = ()

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["docs"] = request.build_absolute_uri(reverse("api:docs"))
        response.data["schema"] = request.build_absolute_uri(reverse("api:schema"))
        return response


router = DefaultRouter()
router.APIRootView = APIRoot
router.register("articles", views.ArticleViewSet, basename="article")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("faqs", FAQViewSet, basename="faq")
router.register("languages", views.LanguageViewSet, basename="language")
router.register("changes", ChangesViewSet, basename="change")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, so the docs need no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    *router.urls,
    # Anything else under /api/v1/ ending in "/" (others are first sent there by APPEND_SLASH).
    re_path(r"^.*/$", not_found, name="not-found"),
]
