from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations import services
from annotations.errors import DomainError, DuplicateArticle
from annotations.services.system import SYSTEM
from annotations.wording import plural


class Command(BaseCommand):
    help = "Import an article from a .txt, .md or .html file, or from an http(s) URL."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file path or an http(s) URL")
        parser.add_argument("--title", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--byline", default="")
        parser.add_argument(
            "--user", default="", help="user name recorded as creator (and asked)"
        )
        parser.add_argument(
            "--allow-duplicate",
            action="store_true",
            help="import even when the same URL or text is already on the desk",
        )

    def handle(
        self, *args, source: str, title, publisher, byline, user, allow_duplicate,
        **options,
    ):  # fmt: skip
        # Naming nobody, the import is the desk's own (no creator is recorded).
        creator = SYSTEM
        if user:
            creator = get_user_model().objects.filter(username=user).first()
            if creator is None:
                raise CommandError(f"No such user: {user}")
        overrides = {
            "title": title, "publisher": publisher, "byline": byline,
            "allow_duplicate": allow_duplicate,
        }  # fmt: skip
        try:
            if source.startswith(("http://", "https://")):
                article = services.article_import_url(
                    url=source, created_by=creator, **overrides
                )
            else:
                path = Path(source)
                if not path.is_file():
                    raise CommandError(f"No such file: {source}")
                article = services.article_import_file(
                    data=path.read_bytes(),
                    filename=path.name,
                    created_by=creator,
                    **overrides,
                )
        except DuplicateArticle as exc:
            raise CommandError(
                f"{exc.message} (pass --allow-duplicate to import it anyway)"
            ) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        claims = article.claims.filter(kind="claim").count()
        self.stdout.write(
            f"Imported article #{article.pk} {article.title!r}: "
            f"{plural(article.claims.count(), 'segment')}, {plural(claims, 'claim')}."
        )
