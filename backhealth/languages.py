"""Sending readers to their language, and remembering the language they choose."""

import functools

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

# English: the language articles are written in first, and the fallback.
SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


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


def url_in(language: str, name: str, **kwargs) -> str:
    """The path of the URL named `name` in `language` (lists reverse many: each is worked out once)."""
    return _reversed(get_script_prefix(), language, name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=8192)
def _reversed(_prefix: str, language: str, name: str, kwargs: tuple) -> str:
    # The script prefix is part of the key: the same name reverses to another path under another one.
    with translation.override(language):
        return reverse(name, kwargs=dict(kwargs))


def alternates(urls: dict[str, str]) -> list[dict]:
    """The language switcher's entries: each language's own name and its URL, in LANGUAGES order."""
    return [
        {"code": code, "name": translation.get_language_info(code)["name_local"], "url": urls[code]}
        for code, _name in settings.LANGUAGES
        if code in urls
    ]


def same_page_in_every_language(name: str, **kwargs) -> dict[str, str]:
    return {code: url_in(code, name, **kwargs) for code, _name in settings.LANGUAGES}
