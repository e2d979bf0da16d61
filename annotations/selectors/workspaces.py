"""Which desks a person works in, and which one a request is about (docs/DESKS.md)."""

from __future__ import annotations

from annotations import policies, roles
from annotations.models import Workspace, first_workspace

# Where the desk a person last chose is kept for the rest of their session.
SESSION_WORKSPACE_KEY = "_workspace"


def workspaces_of(user) -> list[Workspace]:
    """The desks a person may work in, by name: their memberships' (read with
    their roles, so no query of its own), or every desk for an instance admin (one
    query)."""
    if policies.can_administer(user):
        return list(Workspace.objects.order_by("name", "pk"))
    return roles.member_workspaces(user)


def current_workspace(user, chosen_id=None) -> Workspace | None:
    """The desk a request works in: the one the person chose (`chosen_id`, from
    their session) while they may use it, else the first of their desks, else the
    instance's first desk (a reader's, or an admin's before choosing); None only
    when there is no desk at all (an emptied database)."""
    if policies.can_administer(user):
        if chosen_id is not None:
            chosen = Workspace.objects.filter(pk=chosen_id).first()
            if chosen is not None:
                return chosen
        return first_workspace()
    desks = roles.member_workspaces(user)
    for desk in desks:
        if desk.pk == chosen_id:
            return desk
    return desks[0] if desks else first_workspace()
