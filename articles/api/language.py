"""The language an API answer is asked for: `?lang=`, else Accept-Language, else English."""

import re

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import status
from rest_framework.exceptions import APIException

from articles.models import language_codes

LANG_PARAMETER = "lang"


# A supported language, optionally with region or script subtags (`es-MX`, `en-GB`), as in
# Accept-Language; the primary subtag in lower case, as the API prints it.
LANG_PATTERN = r"^(" + "|".join(language_codes()) + r")(-[A-Za-z0-9]{1,8})*$"


class UnsupportedLanguage(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unsupported_language"

    def __init__(self, asked: str):
        supported = language_codes()
        message = _("The language “%(asked)s” is not supported; use one of: %(supported)s.") % {
            "asked": asked,
            "supported": ", ".join(supported),
        }
        super().__init__(f"{LANG_PARAMETER}: {message}")
        self.extra = {"errors": {LANG_PARAMETER: [message]}, "supported_languages": supported}


def asked_language(asked: str) -> str:
    """The site language a `?lang=` value names (`es-MX` is `es`); refused when it names none."""
    if not re.fullmatch(LANG_PATTERN, asked):
        raise UnsupportedLanguage(asked)
    return asked.split("-", 1)[0]


def accepted_language(header: str) -> str | None:
    """The first supported language of an Accept-Language header; None when it names none."""
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def requested_language(request) -> str:
    """The language asked for; an explicit `?lang=` that is not supported is refused, never guessed."""
    if hasattr(request, "api_language"):
        return request.api_language
    asked = request.query_params.get(LANG_PARAMETER)
    if asked is not None:
        language = asked_language(asked)
    else:
        language = accepted_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or settings.LANGUAGE_CODE
    request.api_language = language
    return language
