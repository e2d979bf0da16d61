"""`manage.py import_annotations FILE --article ID --user NAME`.

Re-anchors W3C Web Annotations (as the w3c export writes them: a collection, a
page, a list or one annotation; `-` reads standard input) into the article's text
and creates each as an approved claim with its verdict and citations. Prints what
was imported, what was imported before (unchanged: nothing written), what could not
be anchored and what was refused; exits 1 when any annotation could not be anchored
or was refused.

`--user` is required: the import writes approved claims and verdicts in that
editor's name, and the command line never picks someone to act for.
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations import policies
from annotations.errors import DomainError
from annotations.models import Article
from reports import services

MAX_BYTES = 20 * 1024 * 1024


class Command(BaseCommand):
    help = "Import W3C Web Annotations into an article, re-anchoring each one."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON(-LD) file, or - for standard input.")
        parser.add_argument("--article", type=int, required=True)
        parser.add_argument(
            "--user",
            metavar="NAME",
            help="Who imports: the user name of an active editor (required).",
        )

    def handle(self, *args, file, article, user, **options):
        target = Article.objects.filter(pk=article).first()
        if target is None:
            raise CommandError(f"No article #{article}.")
        person = self._person(user)
        raw = self._read(file)
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise CommandError("The file is not UTF-8 text.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"The file is not JSON: {exc.msg} (line {exc.lineno})."
            ) from exc
        try:
            result = services.annotations_import(article=target, user=person, data=data)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for item in result.imported:
            self.stdout.write(
                f"imported  {item['id']} -> claim #{item['claim']} "
                f"[{item['start']}:{item['end']}] by {item['method']}"
            )
        for item in result.unanchored:
            self.stdout.write(f"not found {item['id']}: {item['exact'][:80]!r}")
        for item in result.unchanged:
            self.stdout.write(
                f"unchanged {item['id']} -> claim #{item['claim']} (imported before)"
            )
        for item in result.refused:
            self.stdout.write(f"refused   {item['id']}: {item['reason']}")
        self.stderr.write(
            f"{len(result.imported)} imported, {len(result.unchanged)} unchanged, "
            f"{len(result.unanchored)} not anchored, {len(result.refused)} refused."
        )
        if result.unanchored or result.refused:
            sys.exit(1)

    def _person(self, username):
        # Checked here rather than by argparse's `required`, so the message says
        # why a name is needed.
        if not username:
            raise CommandError(
                "Name who imports with --user NAME (an editor): the annotations "
                "become approved claims in that person's name."
            )
        person = (
            get_user_model().objects.filter(is_active=True, username=username).first()
        )
        if person is None:
            raise CommandError(f"No active user {username!r}.")
        if not policies.can_import_annotations(person):
            raise CommandError(
                f"{person.get_username()} may not import annotations (editors only)."
            )
        return person

    def _read(self, name: str) -> bytes:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"No such file: {name}.")
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"The file is larger than {MAX_BYTES:,} bytes.")
            data = path.read_bytes()
        if len(data) > MAX_BYTES:
            raise CommandError(f"The input is larger than {MAX_BYTES:,} bytes.")
        if not data.strip():
            raise CommandError("The file is empty.")
        return data
