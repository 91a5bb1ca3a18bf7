from django.urls import path
from django.utils.translation import pgettext_lazy

from faq import views

app_name = "faq"

urlpatterns = [
    path(pgettext_lazy("URL", "faq/"), views.faq_list, name="list"),
]
