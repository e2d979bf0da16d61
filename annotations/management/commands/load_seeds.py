import datetime as dt
import json
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from annotations import roles, services
from annotations.models import Article
from annotations.ratingscale import ensure_default_scale
from annotations.services import system
from annotations.services.system import SYSTEM
from annotations.wording import plural

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
DEMO_USERS = (
    # user name, role, environment variable holding the password. Two reviewers, so
    # the double review and the two-person rule can be tried out.
    ("reviewer", "reviewer", "FACTCHECK_DEMO_REVIEWER_PASSWORD"),
    ("reviewer2", "reviewer", "FACTCHECK_DEMO_REVIEWER2_PASSWORD"),
    ("editor", "editor", "FACTCHECK_DEMO_EDITOR_PASSWORD"),
    ("admin", "admin", "FACTCHECK_DEMO_ADMIN_PASSWORD"),
)


class Command(BaseCommand):
    help = "Load the seed articles, the default rating scale and the demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users", action="store_true", help="skip the demo users"
        )

    @transaction.atomic
    def handle(self, *args, no_users: bool, **options):
        ensure_default_scale()
        roles.ensure_first_workspace()
        if not no_users:
            self._users()
        for meta_path in sorted(SEEDS_DIR.glob("*.json")):
            self._article(meta_path)

    def _users(self):
        User = get_user_model()
        created = []
        for username, role, variable in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            password = os.environ.get(variable) or secrets.token_urlsafe(12)
            user = system.demo_user_create(
                username=username,
                password=password,
                first_name=f"Demo {username}",
            )
            roles.grant(user, role)
            created.append((username, password, variable))
        if not created:
            return
        lines = [f"  {name:<9} {password}" for name, password, _ in created]
        self.stdout.write(
            "Demo logins (printed once; set the FACTCHECK_DEMO_*_PASSWORD"
        )
        self.stdout.write("variables to choose them):")
        self.stdout.write("\n".join(lines))
        # Kept beside the database, readable only by this user, so a developer who
        # missed the line above can still log in to their own demo.
        credentials = Path(settings.VAR_DIR) / "demo-logins.txt"
        with credentials.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        credentials.chmod(0o600)

    def _article(self, meta_path: Path):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        text_path = meta_path.with_name(meta["file"])
        data = text_path.read_bytes()
        if Article.objects.filter(title=meta["title"]).exists():
            self.stdout.write(f"Seed article {meta['title']!r} already loaded.")
            return
        article = services.article_import_file(
            data=data,
            filename=text_path.name,
            created_by=SYSTEM,
            title=meta["title"],
            published_on=dt.date.fromisoformat(meta["published_on"])
            if meta.get("published_on")
            else None,
            language=meta.get("language", "en"),
        )
        self.stdout.write(
            f"Loaded seed article #{article.pk} {article.title!r} "
            f"({plural(article.claims.filter(kind='claim').count(), 'claim')})."
        )
