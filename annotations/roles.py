"""Who holds which role where (docs/ROLES.md, docs/DESKS.md).

A role belongs to a desk (a `Workspace`): a person's `Membership` of a desk names
their role there (reviewer, editor or desk admin). Superusers are the instance's
admins: admin of every desk, members or not. The Django groups `reviewers` and
`editors` that carried the roles before desks are no longer read; the migration
that made the first desk turned their members into memberships of it.

`workspace` arguments take a `Workspace`, its id, or None; None asks "in any of
the person's desks", which on a single-desk instance is the one desk.
"""

from django.contrib.auth.models import AnonymousUser, User

READER = "reader"
REVIEWER = "reviewer"
EDITOR = "editor"
ADMIN = "admin"
# Each role may do everything the ones below it may.
_RANK = {READER: 0, REVIEWER: 1, EDITOR: 2, ADMIN: 3}


def _memberships(user) -> dict[int, str]:
    """{desk id: role} of the person's memberships."""
    return {desk.pk: role for desk, role in _held(user)}


def _held(user) -> list:
    """[(desk, role)] of the person's memberships, desks loaded, in the order of the
    desks' names. Read once per user object, so a page asking several times costs
    one query."""
    if not hasattr(user, "_factcheck_memberships"):
        from annotations.models import Membership

        user._factcheck_memberships = [
            (membership.workspace, membership.role)
            for membership in Membership.objects.filter(user_id=user.pk)
            .select_related("workspace")
            .order_by("workspace__name", "workspace_id")
        ]
    return user._factcheck_memberships


def member_workspaces(user) -> list:
    """The desks the person is a member of, by name (no query once read)."""
    if not signed_in(user):
        return []
    return [desk for desk, _ in _held(user)]


def forget(user) -> None:
    """Drop what `_memberships` read, after a membership of `user` changed."""
    if hasattr(user, "_factcheck_memberships"):
        del user._factcheck_memberships


def workspace_id(workspace) -> int | None:
    """The id of a `Workspace`, an id, or None."""
    if workspace is None or isinstance(workspace, int):
        return workspace
    return workspace.pk


def signed_in(user) -> bool:
    """An active account, signed in. None (no user at all) is nobody: services
    called without a person may not write; a deactivated account is nobody too."""
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def is_admin(user: User | AnonymousUser) -> bool:
    """An instance admin (a superuser): every desk, users, the Django admin."""
    return signed_in(user) and bool(user.is_superuser)


def role_in(user, workspace=None) -> str:
    """The person's role in `workspace`: "admin", "editor", "reviewer" or "reader"
    (no membership). With workspace None, their highest role in any desk."""
    if not signed_in(user):
        return READER
    if is_admin(user):
        return ADMIN
    held = _memberships(user)
    if not held:
        # Nobody's member: no need to work out which desk was meant.
        return READER
    wanted = workspace_id(workspace)
    if wanted is not None:
        return held.get(wanted, READER)
    return max(held.values(), key=_RANK.__getitem__, default=READER)


def rank(role: str) -> int:
    """How high a role is: a higher one may do everything a lower one may."""
    return _RANK[role]


def _at_least(user, role: str, workspace) -> bool:
    return _RANK[role_in(user, workspace)] >= _RANK[role]


def is_desk_admin(user, workspace=None) -> bool:
    """A desk admin of `workspace` (or an instance admin)."""
    return _at_least(user, ADMIN, workspace)


def is_editor(user: User | AnonymousUser, workspace=None) -> bool:
    """Editors, desk admins and instance admins of `workspace`."""
    return _at_least(user, EDITOR, workspace)


def is_reviewer(user: User | AnonymousUser, workspace=None) -> bool:
    """Reviewers, editors and admins may annotate."""
    return _at_least(user, REVIEWER, workspace)


def role_name(user: User | AnonymousUser, workspace=None) -> str:
    return role_in(user, workspace)


def workspace_ids(user, role: str = REVIEWER) -> list[int] | None:
    """The ids of the desks where the person holds `role` or above; None for an
    instance admin (every desk)."""
    if not signed_in(user):
        return []
    if is_admin(user):
        return None
    return sorted(
        desk for desk, held in _memberships(user).items() if _RANK[held] >= _RANK[role]
    )


def ensure_first_workspace():
    """The first desk exists (idempotent); returns it."""
    from annotations.services import system

    return system.first_workspace_ensure()


def grant(user: User, role: str, workspace=None) -> None:
    """Give a user a role: "reviewer", "editor" or "admin" of `workspace`. Without
    a workspace, "admin" makes an instance admin (a superuser), as it did before
    desks, and the other roles are held in the first desk."""
    from annotations.services import system

    if role == ADMIN and workspace is None:
        system.role_grant_admin(user)
    else:
        system.membership_set(user, role, workspace or ensure_first_workspace())
    forget(user)
