"""Who may do what (docs/ROLES.md). Groups carry the roles; superusers are admins."""

from django.contrib.auth.models import AnonymousUser, User

REVIEWERS = "reviewers"
EDITORS = "editors"


def _groups(user) -> set[str]:
    # Cached on the user object so a page asking several times costs one query.
    if not hasattr(user, "_factcheck_groups"):
        user._factcheck_groups = set(user.groups.values_list("name", flat=True))
    return user._factcheck_groups


def signed_in(user) -> bool:
    """An active account, signed in. None (no user at all) is nobody: services
    called without a person may not write; a deactivated account is nobody too."""
    return user is not None and bool(user.is_authenticated) and bool(user.is_active)


def is_admin(user: User | AnonymousUser) -> bool:
    return signed_in(user) and bool(user.is_superuser)


def is_editor(user: User | AnonymousUser) -> bool:
    return signed_in(user) and (is_admin(user) or EDITORS in _groups(user))


def is_reviewer(user: User | AnonymousUser) -> bool:
    """Reviewers, editors and admins may annotate."""
    return signed_in(user) and (is_editor(user) or REVIEWERS in _groups(user))


def role_name(user: User | AnonymousUser) -> str:
    if is_admin(user):
        return "admin"
    if is_editor(user):
        return "editor"
    if is_reviewer(user):
        return "reviewer"
    return "reader"


ROLE_GROUPS = {"reviewer": REVIEWERS, "editor": EDITORS}


def ensure_groups() -> None:
    """The groups that carry the desk roles exist (idempotent)."""
    from annotations.services import system

    for name in ROLE_GROUPS.values():
        system.role_group(name)


def grant(user: User, role: str) -> None:
    """Give a user a role: "reviewer", "editor" or "admin" (a superuser)."""
    from annotations.services import system

    if role == "admin":
        system.role_grant_admin(user)
    else:
        system.role_grant_group(user, ROLE_GROUPS[role])
    if hasattr(user, "_factcheck_groups"):
        del user._factcheck_groups
