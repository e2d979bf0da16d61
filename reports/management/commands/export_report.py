"""`manage.py export_report ARTICLE_ID --format FORMAT [--revision N] [-o PATH]`.

Writes a published revision of the article's report (the latest by default) in one
format, to PATH or to standard output. The same revision always gives the same
bytes; the rendering is cached by the revision's sha256.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports import exporters, exports
from reports.models import ReportRevision


class Command(BaseCommand):
    help = "Export a published report: " + ", ".join(exporters.EXPORTERS) + "."

    def add_arguments(self, parser):
        parser.add_argument("article_id", type=int)
        parser.add_argument(
            "--format",
            required=True,
            choices=list(exporters.EXPORTERS),
            help="The output format.",
        )
        parser.add_argument(
            "--revision", type=int, help="A revision number (default: the latest)."
        )
        parser.add_argument(
            "-o", "--output", help="Write to this file (default: standard output)."
        )

    def handle(self, *args, article_id, format, revision, output, **options):
        revisions = ReportRevision.objects.filter(article_id=article_id)
        if revision is None:
            found = revisions.order_by("-number").first()
        else:
            found = revisions.filter(number=revision).first()
        if found is None:
            if not revisions.exists():
                raise CommandError(f"Article #{article_id} has no published report.")
            raise CommandError(
                f"Article #{article_id} has no revision {revision}; it has "
                f"{revisions.count()}."
            )
        payload = exports.render(found, format)
        if output:
            path = Path(output)
            try:
                path.write_bytes(payload)
            except OSError as exc:
                raise CommandError(f"Cannot write {path}: {exc.strerror}.") from exc
            self.stderr.write(
                f"Wrote revision {found.number} as {format} ({len(payload):,} bytes) "
                f"to {path}."
            )
        else:
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()
