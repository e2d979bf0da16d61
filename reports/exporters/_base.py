"""What every exporter is: a name, a media type, a file extension and a pure render."""

from __future__ import annotations

import re


class Exporter:
    """One output format of a published report.

    Subclasses set the class attributes and implement `render`, a pure function of
    the snapshot (docs/REPORT_SNAPSHOT.md): no database, no clock, no randomness, so
    the same snapshot always gives the same bytes. `position` orders the formats in
    `reports.exporters.all()` (a download menu, say).
    """

    identifier: str = ""
    label: str = ""
    content_type: str = ""
    extension: str = ""
    position: int = 100

    def render(self, snapshot: dict) -> bytes:
        """The report in this format."""
        raise NotImplementedError

    def filename(self, snapshot: dict) -> str:
        """A download name: "report-12-revision-2.html"; formats that share an
        extension with another keep their identifier ("...-claimreview.jsonld")."""
        article_id = _slug(str((snapshot.get("article") or {}).get("id", "")))
        revision = _slug(str((snapshot.get("report") or {}).get("revision", "")))
        stem = f"report-{article_id or 'article'}-revision-{revision or '0'}"
        if self.identifier != self.extension:
            stem += f"-{self.identifier}"
        return f"{stem}.{self.extension}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.identifier}>"


def _slug(value: str) -> str:
    # Ids are integers in the contract; anything else is reduced to safe characters
    # so a hostile id can never shape a Content-Disposition header or a path.
    return re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-")[:40]
