"""`manage.py review_claim ACTION CLAIM_ID --user NAME ...`: the editorial loop from
the command line, through the same services and policies as the pages and the API.

    review_claim submit   7 --user rita
    review_claim withdraw 7 --user rita
    review_claim approve  7 --user eddie --label false --explanation "…"
                          [--gap-override "…"] [--two-person-override "…"]
    review_claim return   7 --user eddie --comment "…"
    review_claim reopen   7 --user eddie --reason "…"

A refusal (the two-person rule, an open blocking gap, a claim in the wrong state)
prints one line on stderr and exits non-zero; nothing changes.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations import services
from annotations.errors import DomainError
from annotations.models import Claim

ACTIONS = ("submit", "withdraw", "approve", "return", "reopen")


class Command(BaseCommand):
    help = "Submit, withdraw, approve, return or reopen a claim as a given user."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=ACTIONS)
        parser.add_argument("claim_id", type=int)
        parser.add_argument(
            "--user", required=True, help="The user name of who acts (their role "
            "decides what they may do)."
        )  # fmt: skip
        parser.add_argument("--label", help="approve: the verdict's label slug.")
        parser.add_argument("--explanation", help="approve: the public explanation.")
        parser.add_argument(
            "--gap-override", default="", help="approve: justify open blocking gaps."
        )
        parser.add_argument(
            "--two-person-override",
            default="",
            help="approve (admins): why you approve a claim you rated or submitted.",
        )
        parser.add_argument("--comment", help="return: what the reviewers should fix.")
        parser.add_argument("--reason", help="reopen: why the claim is reopened.")

    def handle(self, *args, action, claim_id, user, **options):
        person = get_user_model().objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No user {user!r}.")
        claim = Claim.objects.filter(pk=claim_id).first()
        if claim is None:
            raise CommandError(f"No claim #{claim_id}.")
        # Acting from the shell means acting on the claim as it is now.
        version = claim.version
        try:
            message = self._act(action, claim, person, version, options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(message)

    def _act(self, action, claim, person, version, options) -> str:
        if action == "submit":
            claim = services.claim_submit(
                claim=claim, user=person, expected_version=version
            )
            return f"Claim #{claim.pk} is {claim.get_status_display().lower()}."
        if action == "withdraw":
            claim = services.claim_withdraw(
                claim=claim, user=person, expected_version=version
            )
            return f"Withdrawn; claim #{claim.pk} is {claim.get_status_display()}."
        if action == "approve":
            if not options.get("label") or not options.get("explanation"):
                raise CommandError("approve needs --label and --explanation.")
            verdict = services.verdict_approve(
                claim=claim,
                user=person,
                label=options["label"],
                explanation=options["explanation"],
                expected_version=version,
                gap_override_reason=options["gap_override"],
                two_person_override_reason=options["two_person_override"],
            )
            return f"Claim #{claim.pk} approved as {verdict.label.name}."
        if action == "return":
            if not options.get("comment"):
                raise CommandError("return needs --comment.")
            services.claim_return(
                claim=claim,
                user=person,
                comment=options["comment"],
                expected_version=version,
            )
            return f"Claim #{claim.pk} returned to its reviewers."
        if not options.get("reason"):
            raise CommandError("reopen needs --reason.")
        services.verdict_reopen(
            claim=claim, user=person, reason=options["reason"], expected_version=version
        )
        return f"Claim #{claim.pk} reopened."
