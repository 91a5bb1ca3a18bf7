"""The address of the client, as far as the proxies in front of the site can vouch for it.

Each trusted proxy appends the address it was connected from to `X-Forwarded-For`, so with N of
them the Nth entry from the right is the client; anything further left was written by the client
and proves nothing. With none (`TRUSTED_PROXIES = 0`) the header is ignored. This is the rule of
Django REST framework's `NUM_PROXIES`, which is set to the same number, so the API throttle and
the admin lockout always see the same address.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    connected_from = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return connected_from
    entries = [entry.strip() for entry in forwarded.split(",")]
    candidate = entries[-min(proxies, len(entries))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        # Not an address: the proxies were misconfigured or bypassed; trust the connection.
        return connected_from
