"""`manage.py scan_gaps [--article ID] [--take-over]`: run a gap scan in the foreground.

An unfinished scan whose worker stopped beating is taken over (the command says what
it found); one a live worker holds is refused, with --take-over to take it anyway.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from annotations.models import Article
from annotations.sourcing import scanner
from annotations.wording import plural


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
            help="Take over an unfinished scan even though a live worker holds it "
            "(one whose worker stopped beating is taken over anyway).",
        )

    def handle(self, *args, article=None, batch_size=None, take_over=False, **options):
        target = None
        if article is not None:
            target = Article.objects.filter(pk=article).first()
            if target is None:
                raise CommandError(f"No article with id {article}.")
        verbose = options["verbosity"] > 0
        bar = ProgressBar(stream=self.stderr._out) if verbose else None
        try:
            run = scanner.run_scan(
                article=target,
                progress=bar,
                batch_size=batch_size,
                take_over=take_over,
                announce=self.stderr.write if verbose else None,
            )
        except scanner.ScanAlreadyRunning as exc:
            # Only a live holder refuses, so only then is --take-over on offer.
            raise CommandError(f"{exc}; use --take-over to take it anyway.") from exc
        except scanner.ScanTakenOver as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if bar:
                bar.close()
        self.stdout.write(
            f"Scanned {plural(run.done, 'claim')}: {plural(run.opened, 'gap')} "
            f"opened, {run.resolved:,} resolved."
        )
