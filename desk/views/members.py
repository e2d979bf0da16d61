"""A desk's members page (its admins') and the invitation link's page (anyone
holding the link); docs/DESKS.md. Every change goes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from annotations import policies, services
from annotations.errors import DomainError, InvalidInput, NotFound
from annotations.models import Invitation, Membership, WorkspaceRole
from annotations.selectors.workspaces import SESSION_WORKSPACE_KEY
from annotations.services.invitations import invitation_open, pending_filter
from annotations.wording import person_name
from desk.views.access import requires


def _picked_id(request, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit() or len(value) > 18:
        raise InvalidInput(gettext("Pick someone on the list."))
    return int(value)


def _member(desk, request):
    """The member of this desk the form names; NotFound for anyone else (another
    desk's members are not reachable from here)."""
    membership = (
        Membership.objects.filter(workspace=desk, user_id=_picked_id(request, "member"))
        .select_related("user")
        .first()
    )
    if membership is None:
        raise NotFound(gettext("That person is not a member of this desk."))
    return membership.user


def _change(request, desk) -> tuple[str, str]:
    """Apply the form's action; returns (message for the next page, invitation link
    to show once or "")."""
    action = request.POST.get("action", "")
    if action == "role":
        member = _member(desk, request)
        services.membership_grant(
            user=request.user,
            workspace=desk,
            member=member,
            role=request.POST.get("role", ""),
        )
        return gettext("%(name)s's role was changed.") % {
            "name": person_name(member)
        }, ""
    if action == "remove":
        member = _member(desk, request)
        services.membership_remove(user=request.user, workspace=desk, member=member)
        return gettext("%(name)s is no longer a member of this desk.") % {
            "name": person_name(member)
        }, ""
    if action == "invite":
        invitation, link = services.invitation_create(
            user=request.user,
            workspace=desk,
            email=request.POST.get("email", ""),
            role=request.POST.get("role", ""),
        )
        return gettext("An invitation was sent to %(email)s.") % {
            "email": invitation.email
        }, link
    if action == "revoke":
        invitation = Invitation.objects.filter(
            pending_filter(), workspace=desk, pk=_picked_id(request, "invitation")
        ).first()
        if invitation is None:
            raise NotFound(gettext("That invitation is no longer waiting."))
        services.invitation_revoke(user=request.user, invitation=invitation)
        return gettext("The invitation to %(email)s was withdrawn.") % {
            "email": invitation.email
        }, ""
    raise InvalidInput(gettext("Pick something to do."))


@requires(
    policies.can_manage_members,
    gettext_lazy("Only the desk's admins manage its members."),
)
@require_http_methods(["GET", "POST"])
def members(request):
    """The current desk's members with their roles and its waiting invitations;
    its admins change a role, remove a member, invite and withdraw invitations."""
    desk = request.workspace
    error, link, status = "", "", 200
    if request.method == "POST":
        try:
            done, link = _change(request, desk)
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            if not link:
                messages.success(request, done)
                return redirect(reverse("desk-members"))
            messages.success(request, done)
    memberships = list(
        Membership.objects.filter(workspace=desk)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    invitations = list(
        Invitation.objects.filter(pending_filter(), workspace=desk)
        .select_related("invited_by")
        .order_by("-created_at")
    )
    context = {
        "desk": desk,
        "memberships": memberships,
        "invitations": invitations,
        "roles": WorkspaceRole.choices,
        "error": error,
        "new_link": link,
    }
    response = render(request, "annotations/members.html", context, status=status)
    if link:
        response["Cache-Control"] = "no-store"  # the link is shown once, never cached
    return response


@require_http_methods(["GET", "POST"])
def invitation(request, key: str):
    """What the invitation's link opens: a signed-in person accepts and joins; a
    visitor makes an account here and joins. An unknown link answers 404; one used,
    withdrawn or expired, 410 — each with a page saying so."""
    try:
        invited = invitation_open(key)
    except DomainError as exc:
        return render(
            request,
            "annotations/invitation_closed.html",
            {"message": exc.message},
            status=exc.status,
        )
    signed_in = request.user.is_authenticated
    form = UserCreationForm() if not signed_in else None
    error, status = "", 200
    if request.method == "POST":
        try:
            if signed_in:
                services.invitation_accept(user=request.user, key=key)
                user = request.user
            else:
                form = UserCreationForm(request.POST)
                if not form.is_valid():
                    raise InvalidInput(gettext("Check the fields marked below."))
                user = services.invitation_sign_up(
                    key=key,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                )
                login(
                    request, user, backend="django.contrib.auth.backends.ModelBackend"
                )
        except DomainError as exc:
            error, status = exc.message, exc.status
        else:
            request.session[SESSION_WORKSPACE_KEY] = invited.workspace_id
            messages.success(
                request,
                gettext("Welcome to %(desk)s.") % {"desk": invited.workspace.name},
            )
            return redirect(reverse("dashboard"))
    context = {
        "invitation": invited,
        "form": form,
        "error": error,
        "username_field": get_user_model().USERNAME_FIELD,
    }
    return render(request, "annotations/invitation.html", context, status=status)
