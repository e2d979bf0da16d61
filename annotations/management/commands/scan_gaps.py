"""`manage.py scan_gaps [--article ID]`: run a gap scan in the foreground."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from annotations import scanner
from annotations.models import Article


class ProgressBar:
    """A plain text progress bar on stderr, redrawn in place."""

    def __init__(self, stream=sys.stderr, width: int = 40):
        self.stream, self.width = stream, width
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        share = done / total if total else 1.0
        filled = int(self.width * share)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done:,}/{total:,} claims {share:4.0%} ({rate:,.0f}/s)"
        )
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Scan claims for sourcing gaps now: all claims, or one article's."

    def add_arguments(self, parser):
        parser.add_argument(
            "--article", type=int, help="Scan only this article's claims."
        )
        parser.add_argument("--batch-size", type=int, help="Claims per batch.")
        parser.add_argument(
            "--take-over",
            action="store_true",
            help="Take over an unfinished scan even if it looks alive.",
        )

    def handle(self, *args, article=None, batch_size=None, take_over=False, **options):
        target = None
        if article is not None:
            target = Article.objects.filter(pk=article).first()
            if target is None:
                raise CommandError(f"No article with id {article}.")
        bar = ProgressBar(stream=self.stderr._out if options["verbosity"] else None)
        progress = bar if options["verbosity"] else None
        try:
            run = scanner.run_scan(
                article=target,
                progress=progress,
                batch_size=batch_size,
                stale_after=0 if take_over else None,
            )
        except scanner.ScanAlreadyRunning as exc:
            raise CommandError(f"{exc} Use --take-over if its worker is gone.") from exc
        finally:
            if progress:
                bar.close()
        self.stdout.write(
            f"Scanned {run.done:,} claims: {run.opened:,} gaps opened, "
            f"{run.resolved:,} resolved."
        )
