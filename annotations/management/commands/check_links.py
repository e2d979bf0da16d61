"""`manage.py check_links [--source ID ...]`: check cited links in the foreground."""

from django.core.management.base import BaseCommand

from annotations.sourcing import linkcheck
from annotations.wording import plural


class Command(BaseCommand):
    help = (
        "Check the cited links that are due (or the given sources) and record health."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, action="append", help="A source id.")
        parser.add_argument("--limit", type=int, help="Most sources to check.")

    def handle(self, *args, source=None, limit=None, **options):
        summary = linkcheck.check_due_sources(source_ids=source, limit=limit)
        self.stdout.write(
            f"Checked {plural(summary.checked, 'link')}: {summary.alive} alive, "
            f"{summary.failing} failing, {summary.dead} dead; "
            f"{plural(summary.claims_rescanned, 'claim')} queued for a rescan."
        )
