"""Exporters of a published report, one pure renderer per format, behind a registry.

Each format is one module in this package that lists its exporters in a module-level
`exporters` tuple (see `_base.Exporter`); the registry finds them, so adding a format
is adding one file. Modules whose names start with "_" hold shared helpers.

    from reports import exporters

    exporter = exporters.get("pdf")
    payload = exporter.render(snapshot)          # bytes
    exporter.content_type, exporter.filename(snapshot)

Every exporter is a pure function of the snapshot described in
docs/REPORT_SNAPSHOT.md and imports nothing from Django; the formats are described in
docs/REPORT_FORMATS.md.
"""

from __future__ import annotations

import importlib
import pkgutil

from reports.exporters._base import Exporter

__all__ = ["EXPORTERS", "Exporter", "UnknownFormat", "all", "get"]


class UnknownFormat(LookupError):
    """No exporter has the identifier asked for."""


def _discover() -> dict[str, Exporter]:
    found: list[Exporter] = []
    modules = sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name)
    for info in modules:
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(getattr(module, "exporters", ()))
    found.sort(key=lambda exporter: (exporter.position, exporter.identifier))
    registry: dict[str, Exporter] = {}
    for exporter in found:
        if exporter.identifier in registry:
            raise RuntimeError(f"two exporters are called {exporter.identifier!r}")
        registry[exporter.identifier] = exporter
    return registry


# identifier -> exporter, in menu order.
EXPORTERS: dict[str, Exporter] = _discover()


def get(identifier: str) -> Exporter:
    """The exporter for `identifier` ("html", "pdf", ...); UnknownFormat otherwise."""
    try:
        return EXPORTERS[identifier]
    except (KeyError, TypeError):
        raise UnknownFormat(identifier) from None


# Shadows the builtin inside this module only; callers write exporters.all().
def all() -> list[Exporter]:
    """Every exporter, in menu order."""
    return list(EXPORTERS.values())
