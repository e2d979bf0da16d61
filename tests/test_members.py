"""A desk's members page and its invitations (docs/DESKS.md): its admins change
roles, remove members (never the last admin), invite by e-mail; the link makes a
signed-in person or a new account a member, once."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations import policies, roles, services
from annotations.errors import Conflict, Gone, InvalidInput, NotAllowed, NotFound
from annotations.limits import PENDING_INVITATIONS_MAX
from annotations.models import Invitation, Membership, Workspace
from annotations.services import invitations
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coast():
    return Workspace.objects.create(slug="coast", name="Coast desk")


@pytest.fixture
def health():
    return Workspace.objects.create(slug="health", name="Health desk")


@pytest.fixture
def chief(coast):
    return factories.UserFactory(
        username="chief", email="chief@example.org", role="admin", role__workspace=coast
    )


def member_of(desk, role, **fields):
    return factories.UserFactory(role=role, role__workspace=desk, **fields)


# --- the services ------------------------------------------------------------------


def test_the_last_admin_of_a_desk_can_be_neither_removed_nor_demoted(coast, chief):
    with pytest.raises(Conflict, match="last admin"):
        services.membership_remove(user=chief, workspace=coast, member=chief)
    with pytest.raises(Conflict, match="last admin"):
        services.membership_grant(
            user=chief, workspace=coast, member=chief, role="editor"
        )
    assert Membership.objects.get(workspace=coast, user=chief).role == "admin"
    second = member_of(coast, "editor")
    services.membership_grant(user=chief, workspace=coast, member=second, role="admin")
    # With a second admin, the first may step down, and then the second is the last.
    services.membership_grant(user=chief, workspace=coast, member=chief, role="editor")
    with pytest.raises(Conflict):
        services.membership_remove(user=second, workspace=coast, member=second)


def test_an_admin_of_another_desk_is_not_counted_as_this_desks(coast, health, chief):
    roles.grant(chief, "admin", health)
    other = member_of(health, "admin")
    assert other
    with pytest.raises(Conflict):
        services.membership_remove(user=chief, workspace=coast, member=chief)
    services.membership_remove(user=chief, workspace=health, member=chief)


def test_an_invitation_is_mailed_with_the_sites_address_and_stores_no_key(
    coast, chief, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_SITE_URL = "https://checks.example.net"
    with django_capture_on_commit_callbacks(execute=True):
        invitation, link = services.invitation_create(
            user=chief, workspace=coast, email=" nadia@example.com ", role="editor"
        )
    key = link.rsplit("/", 2)[-2]
    assert link == f"https://checks.example.net/invite/{key}/"
    assert invitation.email == "nadia@example.com"
    assert invitation.token_digest == invitations.digest(key) != key
    assert not Invitation.objects.filter(token_digest__contains=key).exists()
    assert invitation.expires_at > timezone.now() + dt.timedelta(days=13)
    (message,) = mail.outbox
    assert message.to == ["nadia@example.com"]
    assert link in message.body
    assert "Coast desk" in message.subject


def test_only_the_desks_admins_invite_and_bad_input_is_refused(coast, health, chief):
    editor = member_of(coast, "editor")
    with pytest.raises(NotAllowed):
        services.invitation_create(
            user=editor, workspace=coast, email="a@example.com", role="reviewer"
        )
    with pytest.raises(NotAllowed):
        services.invitation_create(
            user=chief, workspace=health, email="a@example.com", role="reviewer"
        )
    for email, role in (
        ("not-an-address", "reviewer"),
        ("", "reviewer"),
        ("a@example.com", "owner"),
        ("x" * 250 + "@example.com", "reviewer"),
    ):
        with pytest.raises(InvalidInput):
            services.invitation_create(
                user=chief, workspace=coast, email=email, role=role
            )
    assert not Invitation.objects.exists()


def test_pending_invitations_are_capped_per_desk_and_reinviting_replaces(
    coast, health, chief
):
    first, _first_link = services.invitation_create(
        user=chief, workspace=coast, email="same@example.com", role="reviewer"
    )
    again, _ = services.invitation_create(
        user=chief, workspace=coast, email="SAME@example.com", role="editor"
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert again.revoked_at is None
    for number in range(PENDING_INVITATIONS_MAX - 1):
        services.invitation_create(
            user=chief, workspace=coast, email=f"p{number}@example.com", role="reviewer"
        )
    with pytest.raises(InvalidInput, match="waiting"):
        services.invitation_create(
            user=chief, workspace=coast, email="one-more@example.com", role="reviewer"
        )
    # The cap is the desk's: another desk's admin still invites.
    roles.grant(chief, "admin", health)
    services.invitation_create(
        user=chief, workspace=health, email="one-more@example.com", role="reviewer"
    )


def test_a_link_works_once_and_not_after_revoking_or_expiring(coast, chief):
    _, link = services.invitation_create(
        user=chief, workspace=coast, email="r@example.com", role="reviewer"
    )
    key = link.rsplit("/", 2)[-2]
    person = factories.UserFactory(email="someone-else@example.org")
    services.invitation_accept(user=person, key=key)
    assert roles.role_in(person, coast) == "reviewer"
    with pytest.raises(Gone, match="already been used"):
        services.invitation_accept(user=factories.UserFactory(), key=key)
    with pytest.raises(NotFound):
        services.invitation_accept(user=person, key=key + "x")

    revoked, link = services.invitation_create(
        user=chief, workspace=coast, email="q@example.com", role="reviewer"
    )
    services.invitation_revoke(user=chief, invitation=revoked)
    with pytest.raises(Gone, match="withdrawn"):
        services.invitation_accept(
            user=factories.UserFactory(), key=link.rsplit("/", 2)[-2]
        )

    late, link = services.invitation_create(
        user=chief, workspace=coast, email="late@example.com", role="reviewer"
    )
    Invitation.objects.filter(pk=late.pk).update(expires_at=timezone.now())
    with pytest.raises(Gone, match="expired"):
        services.invitation_accept(
            user=factories.UserFactory(), key=link.rsplit("/", 2)[-2]
        )


def test_accepting_never_lowers_a_role_already_held(coast, chief):
    _, link = services.invitation_create(
        user=chief, workspace=coast, email="c@example.com", role="reviewer"
    )
    services.invitation_accept(user=chief, key=link.rsplit("/", 2)[-2])
    assert Membership.objects.get(workspace=coast, user=chief).role == "admin"


def test_only_a_desk_admin_revokes_its_invitations(coast, chief):
    invitation, _ = services.invitation_create(
        user=chief, workspace=coast, email="r@example.com", role="reviewer"
    )
    with pytest.raises(NotAllowed):
        services.invitation_revoke(
            user=member_of(coast, "editor"), invitation=invitation
        )
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


# --- the members page --------------------------------------------------------------


def test_the_members_page_lists_the_desks_members_only_for_its_admins(
    client, coast, health, chief
):
    rita = member_of(coast, "reviewer", username="rita", email="rita@example.org")
    eddie = member_of(coast, "editor", username="eddie")
    outsider = member_of(health, "admin", username="hollis", email="hollis@example.org")
    client.force_login(chief)
    body = client.get(reverse("desk-members")).content.decode()
    assert "rita@example.org" in body
    assert rita.get_full_name() in body
    assert eddie.get_full_name() in body
    assert "hollis@example.org" not in body
    assert outsider.get_full_name() not in body
    # The desk's page links to it, for its admins only.
    assert reverse("desk-members") in client.get(reverse("desk-stats")).content.decode()
    for person in (rita, eddie):
        client.force_login(person)
        assert client.get(reverse("desk-members")).status_code == 403
        assert (
            reverse("desk-members")
            not in client.get(reverse("desk-stats")).content.decode()
        )
    client.logout()
    assert client.get(reverse("desk-members")).status_code == 302


def test_the_member_list_costs_the_same_with_3_and_30_members(client, coast, chief):
    def cost():
        client.force_login(chief)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("desk-members")).status_code == 200
        return len(queries)

    for _ in range(2):
        member_of(coast, "reviewer")
    few = cost()
    for _ in range(27):
        member_of(coast, "editor")
    assert cost() == few


def test_an_admin_changes_a_role_and_removes_a_member_on_the_page(
    client, coast, health, chief
):
    rita = member_of(coast, "reviewer")
    stranger = member_of(health, "reviewer")
    client.force_login(chief)
    page = reverse("desk-members")
    assert (
        client.post(
            page, {"action": "role", "member": rita.pk, "role": "editor"}
        ).status_code
        == 302
    )
    assert Membership.objects.get(user=rita).role == "editor"
    assert client.post(page, {"action": "remove", "member": rita.pk}).status_code == 302
    assert not Membership.objects.filter(user=rita).exists()
    # Someone of another desk is not reachable from this desk's page.
    refused = client.post(page, {"action": "remove", "member": stranger.pk})
    assert refused.status_code == 404
    assert Membership.objects.filter(user=stranger, workspace=health).exists()
    last = client.post(page, {"action": "remove", "member": chief.pk})
    assert last.status_code == 409
    assert "last admin" in last.content.decode()
    for junk in ({"action": "remove", "member": "x"}, {"action": "dance"}, {}):
        assert client.post(page, junk).status_code == 400


def test_an_admin_invites_and_withdraws_on_the_page(client, coast, chief):
    client.force_login(chief)
    page = reverse("desk-members")
    sent = client.post(
        page, {"action": "invite", "email": "n@example.com", "role": "editor"}
    )
    assert sent.status_code == 200
    assert sent["Cache-Control"] == "no-store"
    link = re.search(r'id="new-invitation-link"[^>]*>([^<]+)<', sent.content.decode())
    assert link
    assert "/invite/" in link.group(1)
    invitation = Invitation.objects.get()
    listed = client.get(page).content.decode()
    assert "n@example.com" in listed
    assert link.group(1) not in listed
    assert (
        client.post(page, {"action": "revoke", "invitation": invitation.pk}).status_code
        == 302
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert (
        client.post(page, {"action": "revoke", "invitation": invitation.pk}).status_code
        == 404
    )


# --- the link's page ---------------------------------------------------------------


def test_a_signed_in_person_joins_through_the_link(client, coast, chief):
    _, link = services.invitation_create(
        user=chief, workspace=coast, email="x@example.com", role="editor"
    )
    path = (
        link.split("example.net", 1)[-1]
        if "example.net" in link
        else link[link.index("/invite/") :]
    )
    person = factories.UserFactory(username="pat")
    client.force_login(person)
    shown = client.get(path).content.decode()
    assert "Coast desk" in shown
    assert 'id="accept-form"' in shown
    assert client.post(path).status_code == 302
    assert roles.role_in(User.objects.get(pk=person.pk), coast) == "editor"
    # The session now works in the desk joined.
    assert "Coast desk" in client.get(reverse("dashboard")).content.decode()
    again = client.get(path)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_a_visitor_makes_an_account_through_the_link(client, coast, chief):
    _, link = services.invitation_create(
        user=chief, workspace=coast, email="new@example.com", role="reviewer"
    )
    path = link[link.index("/invite/") :]
    assert 'id="signup-form"' in client.get(path).content.decode()
    weak = client.post(
        path, {"username": "newbie", "password1": "123", "password2": "123"}
    )
    assert weak.status_code == 400
    assert not User.objects.filter(username="newbie").exists()
    taken = client.post(
        path,
        {
            "username": "chief",
            "password1": "long-enough-pass-9",
            "password2": "long-enough-pass-9",
        },
    )
    assert taken.status_code == 400
    joined = client.post(
        path,
        {
            "username": "newbie",
            "password1": "long-enough-pass-9",
            "password2": "long-enough-pass-9",
        },
    )
    assert joined.status_code == 302
    newbie = User.objects.get(username="newbie")
    assert newbie.email == "new@example.com"
    assert policies.can_annotate(newbie, coast)
    assert client.get(reverse("dashboard")).status_code == 200  # signed in


def test_unknown_and_hostile_links_answer_a_clear_404(client):
    for key in ("nothing-here", "a" * 100, "<script>"):
        response = client.get(f"/invite/{key}/")
        assert response.status_code == 404
        assert "not known" in response.content.decode()
    assert client.get("/invite/" + "a" * 500 + "/").status_code == 404
    assert client.get("/invite/%00/").status_code == 400  # the site's NUL refusal


def test_the_invitation_mail_speaks_the_inviting_admins_language(
    client, coast, chief, django_capture_on_commit_callbacks
):
    services.preference_set_language(user=chief, language="ar")
    client.force_login(chief)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("desk-members"),
            {"action": "invite", "email": "n@example.com", "role": "editor"},
        )
    (message,) = mail.outbox
    assert message.subject == "انضم إلى Coast desk في مكتب تدقيق الحقائق"
    assert "بصفة المحرر" in message.body
