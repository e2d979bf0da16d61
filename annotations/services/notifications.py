"""In-app notifications, and their e-mails sent after commit by a Celery task.

A notification is written in its recipient's saved language (UserPreference; the
site's default when they chose none, as their browser is not there to ask), not
in the language of the person whose action it reports: its text is stored so, and
its e-mail says the rest in that language too (docs/I18N.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from annotations import siteurl
from annotations.limits import NOTIFICATION_TEXT_MAX as TEXT_MAX
from annotations.models import Claim, Comment, Notification, UserPreference
from annotations.wording import person_name


def short(text: str, limit: int = 80) -> str:
    """One line of a claim's text for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# What a notification says: a function called once per recipient, with the
# recipient's language active, so each reads it in their own (a plain string is
# the same for everyone).
Text = Callable[[], str] | str


def assigned_text(user, claim) -> Callable[[], str]:
    """What an assignee is told, by the single and the bulk assignment alike."""
    return lambda: (
        gettext("%(who)s assigned you claim #%(id)s: “%(text)s”")
        % {
            "who": person_name(user),
            "id": claim.pk,
            "text": short(claim.text),
        }
    )


def recipient_language(language: str | None) -> str:
    """The language a message to a person is written in: their saved choice when
    the site still offers it, else the site's default."""
    if language and language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


def _saved_languages(person_ids: set[int]) -> dict[int, str]:
    return dict(
        UserPreference.objects.filter(user_id__in=person_ids).values_list(
            "user_id", "language"
        )
    )


def _in_language(text: Text, language: str) -> str:
    if not callable(text):
        return text
    with translation.override(language):
        return str(text())


def notify(
    *,
    recipients: Iterable,
    kind: str,
    claim: Claim | None,
    actor,
    text: Text,
    comment: Comment | None = None,
) -> list[Notification]:
    """Tell each recipient (never the actor themselves) what happened, in the app
    and, once the transaction commits, by e-mail, each in their own language."""
    return notify_each(
        kind=kind, actor=actor, messages=[(recipients, claim, text)], comment=comment
    )


def notify_each(
    *,
    kind: str,
    actor,
    messages: Iterable[tuple[Iterable, Claim | None, Text]],
    comment: Comment | None = None,
) -> list[Notification]:
    """`notify` for several claims at once, each (recipients, claim, text) as one
    call of it would be, written in one INSERT with one e-mail job for them all."""
    actor_id = actor.pk if actor is not None else None
    # The e-mail is a job in the row itself (annotations.jobs): due from now, so a
    # message the broker refuses or loses is sent again by the reaper.
    email_due = timezone.now() if settings.FACTCHECK_EMAIL_NOTIFICATIONS else None
    rows = []
    recipient_ids: set[int] = set()
    claim_ids: set[int | None] = set()
    chosen: list[tuple[Claim | None, Text, list]] = []
    for recipients, claim, text in messages:
        seen: set[int] = set()
        people = []
        for person in recipients:
            if person is None or person.pk == actor_id or person.pk in seen:
                continue
            seen.add(person.pk)
            people.append(person)
        chosen.append((claim, text, people))
        recipient_ids |= seen
        claim_ids.add(claim.pk if claim is not None else None)
    if not recipient_ids:
        return []
    languages = _saved_languages(recipient_ids)
    for claim, text, people in chosen:
        for person in people:
            said = _in_language(text, recipient_language(languages.get(person.pk)))
            rows.append(
                Notification(
                    recipient=person,
                    actor=actor,
                    kind=kind,
                    claim=claim,
                    comment=comment,
                    text=said[:TEXT_MAX],
                    email_due_at=email_due if person.email else None,
                )
            )
    created = Notification.objects.bulk_create(rows)
    if settings.FACTCHECK_EMAIL_NOTIFICATIONS:
        ids = [row.pk for row in created if row.pk is not None]
        if not ids:  # backends that do not return ids from a bulk insert
            about = Q(claim_id__in=claim_ids - {None})
            if None in claim_ids:
                about |= Q(claim__isnull=True)
            ids = list(
                Notification.objects.filter(
                    about, recipient_id__in=recipient_ids, kind=kind, emailed_at=None
                ).values_list("pk", flat=True)
            )
        _email_after_commit(ids)
    return created


def _email_after_commit(notification_ids: list[int]) -> None:
    from annotations import queueing

    # A broker that is down must not undo the change that was just committed: the
    # notification is in the app either way, and the reaper sends its e-mail later.
    queueing.send_on_commit(
        queueing.EMAIL_NOTIFICATIONS,
        notification_ids,
        what=f"the e-mail of notifications {notification_ids}",
    )


def _language_of(person) -> str:
    try:
        saved = person.preference.language
    except UserPreference.DoesNotExist:
        saved = ""
    return recipient_language(saved)


@transaction.atomic
def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when `ids` is None); returns
    how many changed. Nobody can mark someone else's."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=[int(pk) for pk in ids])
    return unread.update(read_at=timezone.now())


def notifications_email(*, notification_ids: Iterable[int]) -> int:
    """E-mail these notifications to their recipients, each once; returns how many
    were sent. People without an e-mail address get the in-app one only.

    Each e-mail is claimed first (a conditional UPDATE: a task run twice, or two
    workers, send one mail), and marked sent after the mail server took it. A
    claim whose worker died, or whose mail server refused, lapses after
    FACTCHECK_JOB_LEASE_SECONDS and the reaper sends the e-mail again; only a
    worker killed between the mail server's answer and that mark can send one
    twice.
    """
    from django.core.mail import send_mail

    sent = 0
    pending = (
        Notification.objects.filter(
            pk__in=list(notification_ids), emailed_at__isnull=True
        )
        .exclude(recipient__email="")
        .select_related("recipient", "recipient__preference", "claim")
    )
    for notification in pending:
        now = timezone.now()
        lapsed = now - dt.timedelta(seconds=settings.FACTCHECK_JOB_LEASE_SECONDS)
        claimed = (
            Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True)
            .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=lapsed))
            .update(email_claimed_at=now)
        )
        if not claimed:
            continue
        # Without the site's address a mail carries no link rather than a wrong one.
        link = siteurl.base()
        if link and notification.claim_id:
            link += siteurl.claim_path(
                notification.claim.article_id, notification.claim_id
            )
        # If the mail server refuses, the claim stays and lapses: the reaper tries
        # again then, so a refusing server costs one try per lease, not a loop.
        # The text was written in the recipient's language; the subject follows it.
        with translation.override(_language_of(notification.recipient)):
            subject = gettext("[Fact-check desk] %(kind)s") % {
                "kind": notification.get_kind_display()
            }
        send_mail(
            subject=subject,
            message=f"{notification.text}\n\n{link}\n"
            if link
            else f"{notification.text}\n",
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        Notification.objects.filter(pk=notification.pk, email_claimed_at=now).update(
            emailed_at=timezone.now(), email_claimed_at=None
        )
        sent += 1
    return sent
