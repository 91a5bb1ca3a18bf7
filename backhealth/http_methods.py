"""Methods the site answers at all; any other (TRACE, CONNECT, made-up ones) is a 405 everywhere.

Views that take no particular care answer every method as GET; TRACE must not echo a page back.
"""

from django.http import HttpResponseNotAllowed

KNOWN_METHODS = ("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE")


class KnownMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in KNOWN_METHODS:
            return HttpResponseNotAllowed(KNOWN_METHODS)
        return self.get_response(request)
