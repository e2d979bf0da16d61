"""The snapshot itself, serialised canonically (the machine-readable report).

Key order as the snapshot gives it (docs/REPORT_SNAPSHOT.md), UTF-8 kept as is
(`ensure_ascii=False`), two-space indent, one trailing newline. Its JSON Schema is
reports/schemas/report-v1.schema.json.
"""

from __future__ import annotations

from reports.exporters._base import Exporter
from reports.exporters._common import canonical_json


class JsonExporter(Exporter):
    identifier = "json"
    label = "JSON (the report snapshot)"
    content_type = "application/json"
    extension = "json"
    position = 50

    def render(self, snapshot: dict) -> bytes:
        """The snapshot as canonical JSON."""
        return canonical_json(snapshot).encode("utf-8")


exporters = (JsonExporter(),)
