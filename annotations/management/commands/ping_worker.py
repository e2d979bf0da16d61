from celery.exceptions import TimeoutError as CeleryTimeout
from django.core.management.base import BaseCommand, CommandError

from annotations.tasks import worker_ping
from annotations.wording import plural


class Command(BaseCommand):
    help = "Send a task through the broker and wait for a worker to answer it."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30.0)

    def handle(self, *args, timeout: float, **options):
        result = worker_ping.delay()
        try:
            answer = result.get(timeout=timeout)
        except CeleryTimeout as exc:
            raise CommandError(
                f"No worker answered within {timeout:g} s; is one running?"
            ) from exc
        self.stdout.write(
            f"Worker {answer['hostname']} ran task {result.id}: it sees "
            f"{plural(answer['articles'], 'article')} and "
            f"{plural(answer['claims'], 'segment')}."
        )
