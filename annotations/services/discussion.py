"""A claim's discussion thread: plain-text comments with @mentions."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext

from annotations import policies
from annotations.limits import COMMENT_MAX
from annotations.models import Claim, Comment, CommentKind, NotificationKind
from annotations.services.common import checked_text
from annotations.services.notifications import notify, short
from annotations.wording import person_name

# "@username" as Django allows user names (letters, digits and @.+-_), not inside an
# e-mail address ("rita@example.org" mentions nobody).
MAX_MENTIONS = 20
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]+[\w+-]|[\w+-])")


def mentioned_usernames(text: str) -> list[str]:
    """The user names @mentioned in a comment, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(text):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


@transaction.atomic
def comment_add(*, claim: Claim, user, body: str) -> Comment:
    """Add a comment to the claim's thread; desk members it @mentions are notified.

    The body is stored as typed (it is plain text, escaped wherever it is shown).
    """
    policies.check_comment(user, claim)
    text = checked_text(body, what=gettext("a comment"), limit=COMMENT_MAX)
    claim = Claim.objects.get(pk=claim.pk)
    comment = Comment(claim=claim, author=user, kind=CommentKind.COMMENT, body=text)
    comment._history_user = user
    comment.save()
    names = mentioned_usernames(text)[:MAX_MENTIONS]
    if names:
        # Matched case-insensitively: people type "@Rita" for the user "rita".
        typed = Q()
        for name in names:
            typed |= Q(username__iexact=name)
        people = list(
            get_user_model()
            .objects.filter(policies.assignable_users_filter(policies.desk_of(claim)))
            .filter(typed)
            .distinct()
        )
        comment.mentions.set(people)
        notify(
            recipients=people,
            kind=NotificationKind.MENTIONED,
            claim=claim,
            actor=user,
            comment=comment,
            text=lambda: (
                gettext("%(who)s mentioned you on claim #%(id)s: %(text)s")
                % {"who": person_name(user), "id": claim.pk, "text": short(text, 200)}
            ),
        )
    return comment
