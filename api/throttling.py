"""The API's request rates, counted per client address as `annotations.clientaddress`
derives it (DRF's own derivation believes any `X-Forwarded-For`, so a client could
rotate the header to escape the anonymous limit)."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from annotations import clientaddress


class ClientAddressMixin:
    def get_ident(self, request) -> str:
        return clientaddress.client_address(request)


class AnonThrottle(ClientAddressMixin, AnonRateThrottle):
    """FACTCHECK_THROTTLE_ANON requests per anonymous client address."""


class UserThrottle(ClientAddressMixin, UserRateThrottle):
    """FACTCHECK_THROTTLE_USER requests per signed-in user (per address for
    anonymous requests, which AnonThrottle counts too)."""
