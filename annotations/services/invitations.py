"""Invitations to a desk (docs/DESKS.md): a desk admin invites an e-mail address
with a role; the link in the e-mail makes whoever opens it, signed in or signing up
there, a member with that role. The key is random and shown only in the link; the
database keeps its sha256."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from annotations import policies, roles, siteurl
from annotations.errors import Gone, InvalidInput, NotFound
from annotations.limits import EMAIL_MAX, PENDING_INVITATIONS_MAX
from annotations.models import Invitation, Membership, Workspace, WorkspaceRole
from annotations.services.common import checked_text
from annotations.wording import person_name

log = logging.getLogger(__name__)

KEY_BYTES = 32
# Long enough to reach someone back from a week away, short enough that a
# forgotten link stops working.
VALID_FOR = dt.timedelta(days=14)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def invitation_path(key: str) -> str:
    return reverse("invitation", args=[key])


def pending_filter():
    """Invitations that can still be accepted."""
    from django.db.models import Q

    return Q(accepted_at__isnull=True, revoked_at__isnull=True) & Q(
        expires_at__gt=timezone.now()
    )


@transaction.atomic
def invitation_create(
    *, user, workspace: Workspace, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite `email` to the desk as `role` (the desk's admins and the instance's);
    returns the invitation and its link (absolute, on the site's configured
    address), and e-mails the link once the transaction commits, in the inviting
    admin's language. Inviting an address again replaces its waiting invitation
    (the old link stops working). At most PENDING_INVITATIONS_MAX wait per desk."""
    policies.check_manage_members(user, workspace)
    email = checked_text(email, what=gettext("the e-mail address"), limit=EMAIL_MAX)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput(gettext("Write a whole e-mail address.")) from exc
    if role not in WorkspaceRole.values:
        raise InvalidInput(gettext("Pick reviewer, editor or admin."))
    # Made before anything is written: without the site's address the e-mail
    # would carry a wrong link or none (siteurl: never the request's host).
    key = secrets.token_urlsafe(KEY_BYTES)
    link = siteurl.absolute(invitation_path(key))
    # The desk's row is the lock that keeps two admins from passing the cap at once.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
    waiting = Invitation.objects.filter(pending_filter(), workspace=workspace)
    waiting.filter(email__iexact=email).update(revoked_at=timezone.now())
    count = waiting.count()
    if count >= PENDING_INVITATIONS_MAX:
        raise InvalidInput(
            ngettext(
                "%(count)s invitation to this desk is waiting; revoke one first.",
                "%(count)s invitations to this desk are waiting; revoke some first.",
                count,
            )
            % {"count": count}
        )
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_digest=digest(key),
        invited_by=user,
        expires_at=timezone.now() + VALID_FOR,
    )
    subject = gettext("Join %(desk)s on the fact-check desk") % {"desk": workspace.name}
    message = gettext(
        "%(who)s invites you to %(desk)s as %(role)s.\n\n"
        "Open this link to join (it works once, until %(date)s):\n%(link)s\n"
    ) % {
        "who": person_name(user),
        "desk": workspace.name,
        "role": invitation.get_role_display(),
        "date": invitation.expires_at.date().isoformat(),
        "link": link,
    }

    def deliver():
        # A refusing mail server must not undo the invitation: the admin sees the
        # link on the members page and can pass it on another way.
        try:
            send_mail(subject, message, None, [email])
        except Exception:
            log.exception("The invitation e-mail #%s was not sent", invitation.pk)

    transaction.on_commit(deliver, robust=True)
    return invitation, link


@transaction.atomic
def invitation_revoke(*, user, invitation: Invitation) -> Invitation:
    """Stop a waiting invitation's link from working (the desk's admins)."""
    policies.check_manage_members(user, invitation.workspace)
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation.refresh_from_db()
    return invitation


def invitation_open(key: str, *, lock: bool = False) -> Invitation:
    """The invitation this link's key opens: NotFound for a key nobody made, Gone
    for one accepted, revoked or past its date."""
    if not isinstance(key, str) or not key or len(key) > 100:
        raise NotFound(gettext("This invitation link is not known."))
    rows = Invitation.objects.select_related("workspace", "invited_by")
    if lock:
        rows = rows.select_for_update(of=("self",))
    invitation = rows.filter(token_digest=digest(key)).first()
    if invitation is None:
        raise NotFound(gettext("This invitation link is not known."))
    if invitation.accepted_at is not None:
        raise Gone(gettext("This invitation has already been used."))
    if invitation.revoked_at is not None:
        raise Gone(gettext("This invitation was withdrawn by the desk's admins."))
    if invitation.expires_at <= timezone.now():
        raise Gone(gettext("This invitation has expired: ask the desk for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, user, key: str) -> Membership:
    """The signed-in person opening the link joins its desk with its role; someone
    already a member keeps the higher of their role and the invitation's. The
    invitation is used up. Their own e-mail address need not be the invited one:
    the link is the invitation (docs/DESKS.md)."""
    if not roles.signed_in(user):
        raise InvalidInput(gettext("Sign in or make an account to accept."))
    invitation = invitation_open(key, lock=True)
    membership = (
        Membership.objects.select_for_update()
        .filter(workspace=invitation.workspace, user=user)
        .first()
    )
    if membership is None:
        membership = Membership.objects.create(
            workspace=invitation.workspace, user=user, role=invitation.role
        )
    elif roles.rank(invitation.role) > roles.rank(membership.role):
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    roles.forget(user)
    return membership


@transaction.atomic
def invitation_sign_up(*, key: str, username: str, password: str):
    """A visitor opening the link makes an account (the invited address becomes its
    e-mail) and joins the desk; returns the new user. The username must be free and
    the password pass the site's password validators."""
    invitation = invitation_open(key, lock=True)
    User = get_user_model()
    username = checked_text(
        username,
        what=gettext("a username"),
        limit=User._meta.get_field("username").max_length,
    )
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(gettext("That username is taken: pick another."))
    candidate = User(username=username, email=invitation.email)
    try:
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, email=invitation.email, password=password
            )
    except IntegrityError as exc:
        raise InvalidInput(gettext("That username is taken: pick another.")) from exc
    invitation_accept(user=user, key=key)
    return user
