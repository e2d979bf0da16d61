"""Every URL the project serves, enumerated from the URLconf, with its ids filled in.

Sweeps over the whole site (blind review, deactivated accounts, hostile input) use
this instead of a hand-written list, so a new page or endpoint is swept the day it
is added; a URL whose parameters nobody knows how to fill fails the sweep with a
message saying where to teach it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# What a path parameter names, by the route's first segment (API routes start with
# a regex caret) and the parameter's name.
RESOURCES = {
    "articles": "article",
    "claims": "claim",
    "sources": "source",
    "citations": "citation",
    "ratings": "rating",
    "gaps": "gap",
    "notifications": "notification",
    "reports": "article",
    # /api/v1/workspaces/<workspace_slug>/webhooks/<pk>/: the pk is a webhook's.
    "workspaces": "webhook",
}
PARAMETERS = {
    # The slug of a desk in `/w/<slug>/…`: the sweeps fill in their article's desk.
    "desk": "desk",
    "article_id": "article",
    # A capture of a published report (/reports/<id>/captures/<capture_id>/).
    "capture_id": "capture",
    "number": "revision",
    "identifier": "export",
    "format": "format",
    "key": "invitation",  # an invitation link's key (an unknown one: 404)
    # The desk a webhooks API path names, and one of its webhook's deliveries.
    "workspace_slug": "desk",
    "delivery": "delivery",
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    route: str
    params: tuple[str, ...]

    @property
    def api(self) -> bool:
        return self.route.startswith("api/")

    @property
    def resource(self) -> str:
        """The first path segment after any `api/v1/` (the resource it serves)."""
        route = self.route.removeprefix("api/v1/").lstrip("^")
        return re.split(r"[/.(<]", route, maxsplit=1)[0]

    def kind_of(self, param: str) -> str:
        table = RESOURCES if param == "pk" else PARAMETERS
        kind = table.get(self.resource if param == "pk" else param)
        if kind is None:
            raise LookupError(
                f"{self.route!r} ({self.name}) takes {param!r}, which "
                "tests/urlsweep.py does not know how to fill: add it to RESOURCES "
                "or PARAMETERS."
            )
        return kind

    def path(self, objects: dict[str, object]) -> str:
        """The URL with each parameter filled from `objects` (kind -> value)."""
        kwargs = {}
        for param in self.params:
            kind = self.kind_of(param)
            if kind not in objects:
                raise LookupError(
                    f"{self.route!r} ({self.name}) needs a {kind!r}; the sweep's "
                    f"world has {sorted(objects)}."
                )
            kwargs[param] = objects[kind]
        return reverse(self.name, kwargs=kwargs)


def _walk(patterns, prefix: str = "", outer: tuple[str, ...] = ()):
    """(route, pattern, parameters) of every pattern; the parameters include those
    of the includes around it (`/w/<desk>/reports/…`)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns,
                prefix + str(pattern.pattern),
                outer + tuple(pattern.pattern.regex.groupindex),
            )
        elif isinstance(pattern, URLPattern):
            params = outer + tuple(pattern.pattern.regex.groupindex)
            yield prefix + str(pattern.pattern), pattern, params


def endpoints(*, with_format_suffixes: bool = False) -> list[Endpoint]:
    """Every named URL pattern but the Django admin's (a separate app, admins only),
    once each; DRF's `.json` format-suffix twins only when asked."""
    found: dict[tuple[str, tuple[str, ...]], Endpoint] = {}
    for route, pattern, params in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or not pattern.name:
            continue
        if "format" in params and not with_format_suffixes:
            continue
        endpoint = Endpoint(name=pattern.name, route=route, params=params)
        found.setdefault((endpoint.name, params), endpoint)
    return sorted(found.values(), key=lambda endpoint: endpoint.route)
