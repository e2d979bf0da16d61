"""Whose request is this: the one answer to "which address sent it", for every limit
keyed by address (django-axes' login lockouts on the login page, the admin and HTTP
Basic; the API token-failure pause; the API's request rates).

Behind a reverse proxy every request arrives from the proxy's address, and the
client's is in `X-Forwarded-For`, which anyone can also write. So the header is
believed only as far as the proxies the deployment names in
FACTCHECK_TRUSTED_PROXIES (addresses or CIDR networks): when the connection comes
from one of them, the client is the right-most `X-Forwarded-For` entry that is not
one of them (each trusted proxy appends the address it received the request from, so
everything to the left of that entry is the client's own say). With no trusted
proxies, or a connection from anywhere else, the header is ignored and the client is
the connection's address. docs/SECURITY.md, "Deploying safely".
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # Settings refuse a malformed entry at start-up; here it only needs parsing.
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def trusted_networks() -> tuple[Network, ...]:
    """FACTCHECK_TRUSTED_PROXIES as networks (read at call time)."""
    return _networks(tuple(settings.FACTCHECK_TRUSTED_PROXIES))


def parse_address(value: str) -> Address | None:
    """An address as a proxy writes it: bare, or with a port ("203.0.113.7:51234",
    "[2001:db8::1]:443"); an IPv4 address mapped into IPv6 is the IPv4 address.
    None when it is not an address at all."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str | None:
    """The address of the client that sent `request` (a Django or DRF request), as a
    string; None when the connection has none that parses as an address (a request
    Django builds itself, as `force_login` does): django-axes stores it in an
    address column, which takes an address or nothing."""
    meta = request.META
    peer = parse_address(meta.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    networks = trusted_networks()
    if not networks or not _trusted(peer, networks):
        return str(peer)
    nearest = peer
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = parse_address(hop)
        if address is None:
            # A trusted proxy never writes this: the chain is broken here, and the
            # last address a trusted proxy vouched for is all that is known.
            return str(nearest)
        if not _trusted(address, networks):
            return str(address)
        nearest = address
    # Every hop is a trusted proxy (a request from inside): the first one sent it.
    return str(nearest)
