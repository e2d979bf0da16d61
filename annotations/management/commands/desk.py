"""`manage.py desk ...`: make a desk and manage its members from the command line,
through the same services and policies as every other write (docs/DESKS.md).

    desk list
    desk create SLUG "NAME" --user ADMIN
    desk grant SLUG USERNAME reviewer|editor|admin --user ADMIN
    desk remove SLUG USERNAME --user ADMIN

`--user` names who acts: an instance admin creates desks; a desk's admins (and the
instance's) grant and remove its members. A refusal prints one line on stderr and
exits non-zero; nothing changes.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations import services
from annotations.errors import DomainError
from annotations.models import Workspace


class Command(BaseCommand):
    help = "List desks, make one, or grant and remove a desk's members."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="every desk: slug, name, members")
        create = actions.add_parser("create", help="make a desk")
        create.add_argument("slug")
        create.add_argument("name")
        grant = actions.add_parser("grant", help="give someone a role in a desk")
        grant.add_argument("slug")
        grant.add_argument("username")
        grant.add_argument("role", choices=("reviewer", "editor", "admin"))
        remove = actions.add_parser("remove", help="take someone out of a desk")
        remove.add_argument("slug")
        remove.add_argument("username")
        for sub in (create, grant, remove):
            sub.add_argument("--user", required=True, help="the user name of who acts")

    def handle(self, *args, action, **options):
        if action == "list":
            for desk in Workspace.objects.order_by("name", "pk"):
                members = desk.memberships.count()
                self.stdout.write(f"{desk.slug}\t{desk.name}\t{members} members")
            return
        actor = self._person(options["user"])
        try:
            if action == "create":
                desk = services.workspace_create(
                    user=actor, name=options["name"], slug=options["slug"]
                )
                self.stdout.write(f"Made the desk {desk.slug!r} ({desk.name}).")
                return
            desk = Workspace.objects.filter(slug=options["slug"]).first()
            if desk is None:
                raise CommandError(f"No desk {options['slug']!r}.")
            member = self._person(options["username"])
            if action == "grant":
                services.membership_grant(
                    user=actor, workspace=desk, member=member, role=options["role"]
                )
                self.stdout.write(
                    f"{member.username} is {options['role']} of {desk.slug}."
                )
            else:
                services.membership_remove(user=actor, workspace=desk, member=member)
                self.stdout.write(f"{member.username} left {desk.slug}.")
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def _person(self, username: str):
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"No user {username!r}.")
        return person
