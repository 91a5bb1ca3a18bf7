"""Error answers: JSON under /api/ (clients there parse JSON, 500 included), the site's pages elsewhere."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def bad_request(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("The request could not be understood.")}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("You do not have permission to do this.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": _("There is no API endpoint at this address; see /api/v1/docs/.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Nothing here may touch the database or templates: they may be what failed.
    if is_api(request):
        return JsonResponse(
            {"detail": _("The server failed to answer because of a fault on our side. Please try again later.")},
            status=500,
        )
    return defaults.server_error(request)
