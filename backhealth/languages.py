"""Sending readers to their language, and remembering the language they choose."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def root(request):
    """`/`: the language chosen before (cookie), else the browser's (Accept-Language), else English."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = redirect(reverse("articles:home"))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def choose_language(request, code):
    """The language switcher: remember the choice, then go to the page in that language."""
    if code not in dict(settings.LANGUAGES):
        raise Http404(_("There is no such language."))
    target = request.GET.get("next", "")
    if not (
        url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
        and target.startswith(f"/{code}/")
    ):
        with translation.override(code):
            target = reverse("articles:home")
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 60 * 60 * 24 * 365,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response
