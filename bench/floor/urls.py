"""One view: `/<bytes>/` answers that many bytes of HTML."""

from django.http import HttpResponse
from django.urls import path


def answer(request, size):
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


urlpatterns = [path("<int:size>/", answer)]
