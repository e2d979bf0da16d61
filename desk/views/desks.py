"""The header's desk switcher: which desk the person's pages work in (docs/DESKS.md)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from annotations import policies
from annotations.models import Workspace
from annotations.selectors.workspaces import SESSION_WORKSPACE_KEY
from desk.views.access import forbidden, requires


@requires(policies.can_use_account, gettext_lazy("Sign in to choose a desk."))
@require_POST
def workspace_switch(request):
    """Make the chosen desk the one this session's pages work in, and go to its
    dashboard. Only a desk the person belongs to (any, for an instance admin) can
    be chosen; the choice lasts as long as the session."""
    chosen = request.POST.get("workspace", "")
    desk = (
        Workspace.objects.filter(pk=int(chosen)).first()
        if chosen.isdigit() and len(chosen) <= 18
        else None
    )
    if desk is None or not policies.can_use_workspace(request.user, desk):
        return forbidden(request, gettext("You are not a member of that desk."))
    request.session[SESSION_WORKSPACE_KEY] = desk.pk
    return redirect(reverse("dashboard"))
