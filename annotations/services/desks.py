"""Desks and their members (docs/DESKS.md): made by the instance's admins, their
members managed by the desk's admins."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext

from annotations import policies, roles
from annotations.desksettings import clean_desk_settings
from annotations.errors import Conflict, InvalidInput
from annotations.limits import WORKSPACE_NAME_MAX, WORKSPACE_SLUG_MAX
from annotations.models import Membership, Workspace, WorkspaceRole
from annotations.services.common import checked_text, lock_row
from annotations.wording import person_name


@transaction.atomic
def workspace_create(*, user, name: str, slug: str) -> Workspace:
    """Make a desk with no members and no articles yet (instance admins only); its
    slug is its name in addresses, letters, digits, "-" and "_", and unique."""
    policies.check_create_workspace(user)
    name = checked_text(name, what=gettext("the desk's name"), limit=WORKSPACE_NAME_MAX)
    slug = checked_text(slug, what=gettext("the desk's slug"), limit=WORKSPACE_SLUG_MAX)
    try:
        validate_slug(slug)
    except ValidationError as exc:
        raise InvalidInput(
            gettext("A desk's slug has only letters, digits, hyphens and underscores.")
        ) from exc
    # A row lock would not stop a second creator: the unique index does, and this
    # check only turns the common case into a readable refusal.
    if Workspace.objects.filter(slug=slug).exists():
        raise Conflict(
            gettext("There is already a desk with the slug %(slug)r.") % {"slug": slug}
        )
    return Workspace.objects.create(name=name, slug=slug)


@transaction.atomic
def workspace_rename(*, user, workspace: Workspace, name: str) -> Workspace:
    """Give a desk another name (instance admins only); its slug, the name in its
    addresses, stays."""
    policies.check_create_workspace(user)
    workspace.name = checked_text(
        name, what=gettext("the desk's name"), limit=WORKSPACE_NAME_MAX
    )
    Workspace.objects.filter(pk=workspace.pk).update(name=workspace.name)
    return workspace


@transaction.atomic
def membership_grant(*, user, workspace: Workspace, member, role: str) -> Membership:
    """Make `member` a member of the desk with `role` (reviewer, editor or admin),
    or change the role they hold there (the desk's admins and the instance's)."""
    policies.check_manage_members(user, workspace)
    if role not in WorkspaceRole.values:
        raise InvalidInput(gettext("Pick reviewer, editor or admin."))
    if not member.is_active:
        raise InvalidInput(gettext("A deactivated account cannot join a desk."))
    if role != WorkspaceRole.ADMIN:
        _keep_an_admin(workspace, leaving=member)
    membership, _created = Membership.objects.update_or_create(
        workspace=workspace, user=member, defaults={"role": role}
    )
    roles.forget(member)
    return membership


@transaction.atomic
def membership_remove(*, user, workspace: Workspace, member) -> None:
    """Take `member` out of the desk (the desk's admins and the instance's); their
    past work stays, under their name."""
    policies.check_manage_members(user, workspace)
    _keep_an_admin(workspace, leaving=member)
    Membership.objects.filter(workspace=workspace, user=member).delete()
    roles.forget(member)


@transaction.atomic
def workspace_settings_update(*, user, workspace: Workspace, data: dict) -> Workspace:
    """Change the desk's own settings (its admins and the instance's): `data` is
    checked by `desksettings.clean_desk_settings` (DeskSettingsInvalid names every
    refused field, and nothing is saved), then its keys replace the stored ones;
    in the "gaps" and "report" sections key by key, so keys the page does not show
    (severities, primary kinds) stay as they were. Under the desk's row lock, so
    two admins saving at once do not drop each other's keys."""
    policies.check_configure_desk(user, workspace)
    cleaned = clean_desk_settings(data)
    desk = lock_row(Workspace.objects.all(), workspace.pk, "Workspace")
    stored = dict(desk.settings) if isinstance(desk.settings, dict) else {}
    for key, value in cleaned.items():
        if isinstance(value, dict):
            section = stored.get(key)
            stored[key] = {**(section if isinstance(section, dict) else {}), **value}
        else:
            stored[key] = value
    desk.settings = stored
    desk.save(update_fields=["settings"])
    workspace.settings = stored
    return desk


def _keep_an_admin(workspace: Workspace, *, leaving) -> None:
    """Refuse to leave a desk that has an admin without one: `leaving` stops being
    its admin (removed, or given a lower role) only while another admin remains.

    The desk's admin rows are locked first, so two admins demoting each other at
    once cannot both succeed and leave the desk with none."""
    admins = list(
        Membership.objects.select_for_update()
        .filter(workspace=workspace, role=WorkspaceRole.ADMIN)
        .values_list("user_id", flat=True)
    )
    if admins == [leaving.pk]:
        raise Conflict(
            gettext(
                "%(name)s is this desk's last admin: make someone else its admin first."
            )
            % {"name": person_name(leaving)}
        )
