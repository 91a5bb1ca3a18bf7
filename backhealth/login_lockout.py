"""Admin login lockout with two limits: few failures per user name, many per address.

django-axes compares one number, the most failures among its lockout parameters, with one limit
(`AXES_FAILURE_LIMIT`). Guessing one editor's password from many addresses must stop early, while
one address (an office behind one router) may mistype many names before it is stopped, so the
failures per address are scaled onto the user-name limit: `address_failures * AXES_FAILURE_LIMIT //
ADDRESS_FAILURE_LIMIT` reaches AXES_FAILURE_LIMIT exactly when the address reaches its own limit.
Everything else (recording, cool-off, the lockout answer) is axes' own.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class UserNameAndAddressLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        parameters = get_lockout_parameters(request, credentials)
        scaled = []
        for parameter, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                failures = failures * settings.AXES_FAILURE_LIMIT // settings.ADDRESS_FAILURE_LIMIT
            scaled.append(failures)
        return max(scaled, default=0)
