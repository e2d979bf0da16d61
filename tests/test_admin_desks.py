"""The Django admin's desk screens write through the services (docs/DESKS.md):
desks are made and renamed, memberships granted and removed, invitations made and
withdrawn with the services' rules — the last admin stays, the key is never shown."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from annotations.models import Invitation, Membership, Workspace
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coast():
    return Workspace.objects.create(slug="coast", name="Coast desk")


def said(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.mark.parametrize("model", ["workspace", "membership", "invitation"])
def test_the_desk_screens_list_and_search(client, admin_user, coast, model):
    factories.UserFactory(role="admin", role__workspace=coast)
    client.force_login(admin_user)
    url = reverse(f"admin:annotations_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "coast"}).status_code == 200
    assert client.get(reverse(f"admin:annotations_{model}_add")).status_code == 200


def test_a_desk_is_made_and_renamed_through_the_services(client, admin_user):
    client.force_login(admin_user)
    add = reverse("admin:annotations_workspace_add")
    made = client.post(add, {"name": "  Health desk ", "slug": "health"})
    assert made.status_code == 302
    desk = Workspace.objects.get(slug="health")
    assert desk.name == "Health desk"  # the service strips what the form kept
    bad = client.post(add, {"name": "Bad", "slug": "two words"}, follow=True)
    assert not Workspace.objects.filter(name="Bad").exists()
    assert "Not saved" in said(bad) or "slug" in bad.content.decode()
    change = reverse("admin:annotations_workspace_change", args=[desk.pk])
    client.post(change, {"name": "Health & science", "slug": "forged"})
    desk.refresh_from_db()
    assert (desk.name, desk.slug) == ("Health & science", "health")


def test_a_membership_is_granted_and_the_last_admin_kept(client, admin_user, coast):
    chief = factories.UserFactory(role="admin", role__workspace=coast)
    person = factories.UserFactory()
    client.force_login(admin_user)
    add = reverse("admin:annotations_membership_add")
    assert (
        client.post(
            add, {"workspace": coast.pk, "user": person.pk, "role": "editor"}
        ).status_code
        == 302
    )
    assert Membership.objects.get(user=person).role == "editor"
    chiefs = Membership.objects.get(user=chief)
    change = reverse("admin:annotations_membership_change", args=[chiefs.pk])
    demoted = client.post(change, {"role": "reviewer"}, follow=True)
    assert "last admin" in said(demoted)
    chiefs.refresh_from_db()
    assert chiefs.role == "admin"
    delete = reverse("admin:annotations_membership_delete", args=[chiefs.pk])
    client.post(delete, {"post": "yes"})
    assert Membership.objects.filter(pk=chiefs.pk).exists()
    listing = reverse("admin:annotations_membership_changelist")
    client.post(
        listing,
        {
            "action": "remove_through_service",
            "_selected_action": [Membership.objects.get(user=person).pk],
        },
    )
    assert not Membership.objects.filter(user=person).exists()


def test_an_invitation_is_made_and_withdrawn_through_the_services(
    client, admin_user, coast, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    add = reverse("admin:annotations_invitation_add")
    with django_capture_on_commit_callbacks(execute=True):
        made = client.post(
            add,
            {"workspace": coast.pk, "email": "nina@example.org", "role": "reviewer"},
            follow=True,
        )
    invitation = Invitation.objects.get()
    assert invitation.invited_by == admin_user
    # The link is on the answer's own page, never in a message.
    assert "/invite/" in made.content.decode()
    assert "/invite/" not in said(made)
    assert len(mailoutbox) == 1
    page = client.get(
        reverse("admin:annotations_invitation_change", args=[invitation.pk])
    ).content.decode()
    assert invitation.token_digest not in page
    client.post(
        reverse("admin:annotations_invitation_changelist"),
        {"action": "revoke_through_service", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    refused = client.post(
        add, {"workspace": coast.pk, "email": "nina@example.org", "role": "owner"}
    )
    assert Invitation.objects.count() == 1
    assert refused.status_code == 200  # the form says which field is wrong
