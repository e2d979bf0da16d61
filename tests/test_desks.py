"""Several desks on one instance (docs/DESKS.md): memberships carry the roles, every
policy answers in the object's desk, and the desk's lists show one desk's rows."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from annotations import policies, roles, selectors, services
from annotations.errors import Conflict, InvalidInput, NotAllowed
from annotations.models import ClaimStatus, Membership, Workspace, first_workspace
from annotations.selectors.workspaces import current_workspace
from tests import factories

pytestmark = pytest.mark.django_db


def make_desk(slug: str, name: str = "") -> Workspace:
    return Workspace.objects.create(slug=slug, name=name or slug.title())


@pytest.fixture
def coast():
    return make_desk("coast", "Coast desk")


@pytest.fixture
def health():
    return make_desk("health", "Health desk")


def desk_article(desk, title: str, body: str, *, submitted: bool = False):
    """An unpublished article of `desk` whose claims are submitted when asked."""
    article = factories.ArticleFactory(workspace=desk, title=title, body=body)
    claims = factories.claims_for(article)
    if submitted:
        article.claims.update(status=ClaimStatus.SUBMITTED)
    return article, claims


# --- the migration -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_articles_and_group_members_into_a_first_desk(
    monkeypatch,
):
    monkeypatch.setenv("FACTCHECK_ORGANISATION_NAME", "Harbour Gazette")
    before = [("annotations", "0016_user_preference")]
    after = [("annotations", "0017_workspaces")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        _migrate_and_check(before, after, executor)
    finally:
        # Back to the newest schema: a later test in this process would otherwise
        # meet the tables as they were at `after` (a column added since missing).
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)


def _migrate_and_check(before, after, executor) -> None:
    old = executor.loader.project_state(before).apps
    User = old.get_model("auth", "User")
    OldGroup = old.get_model("auth", "Group")
    reviewers = OldGroup.objects.get_or_create(name="reviewers")[0]
    editors = OldGroup.objects.get_or_create(name="editors")[0]
    rita = User.objects.create(username="rita-old")
    eddie = User.objects.create(username="eddie-old")
    both = User.objects.create(username="both-old")
    User.objects.create(username="reader-old")
    reviewers.user_set.add(rita, both)
    editors.user_set.add(eddie, both)
    Article = old.get_model("annotations", "Article")
    for title in ("Ferry fares", "Bridge tolls"):
        Article.objects.create(title=title, body=f"{title} went up by 10%.")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    NewWorkspace = new.get_model("annotations", "Workspace")
    desk = NewWorkspace.objects.get()
    assert (desk.slug, desk.name) == ("desk", "Harbour Gazette")
    NewArticle = new.get_model("annotations", "Article")
    assert set(NewArticle.objects.values_list("workspace_id", flat=True)) == {desk.pk}
    NewMembership = new.get_model("annotations", "Membership")
    assert dict(NewMembership.objects.values_list("user__username", "role")) == {
        "rita-old": "reviewer",
        "eddie-old": "editor",
        "both-old": "editor",
    }
    NewArticle.objects.all().delete()


# --- roles ---------------------------------------------------------------------------


def test_a_person_holds_a_different_role_in_each_desk(coast, health):
    person = factories.UserFactory(role="editor", role__workspace=coast)
    roles.grant(person, "reviewer", health)
    assert roles.role_in(person, coast) == "editor"
    assert roles.role_in(person, health.pk) == "reviewer"
    assert roles.role_in(person, first_workspace()) == "reader"
    assert roles.role_in(person) == "editor"  # the highest, in any desk
    assert policies.can_manage_desk(person, coast)
    assert not policies.can_manage_desk(person, health)
    assert policies.can_annotate(person, health)


def test_memberships_are_read_once_per_user_object(
    coast, health, django_assert_num_queries
):
    person = factories.UserFactory(role="reviewer", role__workspace=coast)
    person = type(person).objects.get(pk=person.pk)
    with django_assert_num_queries(1):
        for desk in (coast, health, coast, None):
            policies.can_annotate(person, desk)
            policies.can_manage_desk(person, desk)


def test_an_instance_admin_is_admin_of_every_desk_without_a_query(
    admin_user, coast, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert roles.role_in(admin_user, coast) == "admin"
        assert policies.can_manage_desk(admin_user, coast.pk)


def test_granting_a_role_again_replaces_it(coast):
    person = factories.UserFactory(role="reviewer", role__workspace=coast)
    roles.grant(person, "editor", coast)
    assert Membership.objects.get(user=person).role == "editor"
    assert roles.role_in(person, coast) == "editor"


# --- policies with objects -------------------------------------------------------


def test_an_editor_of_one_desk_cannot_approve_in_another(coast, health):
    editor = factories.UserFactory(role="editor", role__workspace=coast)
    roles.grant(editor, "reviewer", health)
    _, (claim_there, *_) = desk_article(
        health, "Clinic hours", "The clinic opens at 8am daily.", submitted=True
    )
    claim_there.refresh_from_db()
    with pytest.raises(NotAllowed):
        policies.approval_policy().check(
            editor, claim_there, rater_ids=[], submitter_ids=[], findings=[]
        )
    _, (claim_here, *_) = desk_article(
        coast, "Ferry fares", "Ferry fares rose by 40% this year.", submitted=True
    )
    claim_here.refresh_from_db()
    policies.approval_policy().check(
        editor, claim_here, rater_ids=[], submitter_ids=[], findings=[]
    )


def test_a_reviewer_of_one_desk_cannot_touch_anothers_claims(coast, health):
    reviewer = factories.UserFactory(role="reviewer", role__workspace=coast)
    _, (claim, *_) = desk_article(health, "Clinic hours", "The clinic opens at 8am.")
    assert not policies.can_cite(reviewer, claim)
    with pytest.raises(NotAllowed):
        services.comment_add(claim=claim, user=reviewer, body="Is this right?")
    assert not claim.comments.exists()


def test_a_desk_admin_may_override_the_two_person_rule_only_in_their_desk(
    coast, health
):
    person = factories.UserFactory(role="admin", role__workspace=coast)
    roles.grant(person, "editor", health)
    assert not person.is_superuser
    assert policies.can_override_two_person_rule(person, coast)
    assert not policies.can_override_two_person_rule(person, health)
    assert not policies.can_administer(person)


def test_only_a_desks_members_can_be_assigned_there(coast, health, editor):
    outsider = factories.UserFactory(role="reviewer", role__workspace=health)
    insider = factories.UserFactory(role="reviewer", role__workspace=coast)
    roles.grant(editor, "editor", coast)
    people = set(selectors.desk_people(coast))
    assert insider in people
    assert outsider not in people


# --- writes ----------------------------------------------------------------------


def test_an_article_goes_to_the_named_desk_only_for_its_members(coast, health):
    reviewer = factories.UserFactory(role="reviewer", role__workspace=coast)
    article = services.article_create(
        title="", body="Ferry fares rose by 40%.", created_by=reviewer, workspace=coast
    )
    assert article.workspace == coast
    with pytest.raises(NotAllowed):
        services.article_create(
            title="",
            body="Clinics close at 6pm.",
            created_by=reviewer,
            workspace=health,
        )
    assert not health.articles.exists()
    # Naming none: the person's first desk.
    other = services.article_create(
        title="", body="Bridge tolls fell by 5%.", created_by=reviewer
    )
    assert other.workspace == coast


def test_the_same_article_may_be_in_two_desks_and_neither_hears_of_the_other(
    coast, health
):
    first = factories.UserFactory(role="reviewer", role__workspace=coast)
    second = factories.UserFactory(role="reviewer", role__workspace=health)
    text = "The harbour dredging cost $12 million last spring."
    services.article_create(title="", body=text, created_by=first, workspace=coast)
    copy = services.article_create(
        title="", body=text, created_by=second, workspace=health
    )
    assert copy.workspace == health


# --- the request's desk and the switcher -----------------------------------------


def test_the_current_desk_is_the_chosen_one_while_the_person_belongs_to_it(
    coast, health
):
    person = factories.UserFactory(role="reviewer", role__workspace=health)
    roles.grant(person, "reviewer", coast)
    assert current_workspace(person) == coast  # by name: Coast before Health
    assert current_workspace(person, health.pk) == health
    assert current_workspace(person, first_workspace().pk) == coast


def test_the_switcher_changes_the_desk_and_refuses_a_desk_one_is_not_in(
    client, coast, health
):
    person = factories.UserFactory(role="editor", role__workspace=coast)
    roles.grant(person, "reviewer", health)
    desk_article(coast, "Ferry fares up", "Ferry fares rose by 40% this year.")
    desk_article(health, "Clinic hours cut", "The clinic now opens at 10am.")
    client.force_login(person)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Ferry fares up" in page
    assert "Clinic hours cut" not in page
    assert 'name="workspace"' in page  # two desks: the switcher shows
    response = client.post(reverse("workspace-switch"), {"workspace": health.pk})
    assert response.status_code == 302
    page = client.get(reverse("dashboard")).content.decode()
    assert "Clinic hours cut" in page
    assert "Ferry fares up" not in page
    # A reviewer in Health: no review queue there.
    assert client.get(reverse("review-queue")).status_code == 403
    refused = client.post(
        reverse("workspace-switch"), {"workspace": first_workspace().pk}
    )
    assert refused.status_code == 403
    for junk in ("", "abc", "9" * 40, "-1"):
        assert (
            client.post(reverse("workspace-switch"), {"workspace": junk}).status_code
            == 403
        )


def test_one_desk_shows_no_switcher(client, reviewer):
    client.force_login(reviewer)
    assert 'name="workspace"' not in client.get(reverse("dashboard")).content.decode()


# --- nothing of another desk's in its lists --------------------------------------


@pytest.fixture
def two_desks(coast, health):
    """Coast's and Health's articles, each with submitted claims, and Carla, who
    edits Coast and is in no other desk."""
    carla = factories.UserFactory(
        username="carla", role="editor", role__workspace=coast
    )
    mine, _my_claims = desk_article(
        coast, "Coast: ferry fares", "Ferry fares rose by 40% in March.", submitted=True
    )
    theirs, their_claims = desk_article(
        health,
        "Health: secret clinic plan",
        "The hospital will close its maternity ward in June.",
        submitted=True,
    )
    return carla, mine, theirs, their_claims


def assert_nothing_of(body: str, article, claims) -> None:
    assert article.title not in body
    for claim in claims:
        assert claim.text not in body


def test_the_dashboard_lists_none_of_another_desks_articles(client, two_desks):
    carla, mine, theirs, their_claims = two_desks
    client.force_login(carla)
    body = client.get(reverse("dashboard")).content.decode()
    assert mine.title in body
    assert_nothing_of(body, theirs, their_claims)
    assert f"/articles/{theirs.pk}/" not in body


def test_the_review_queue_shows_none_of_another_desks_claims(client, two_desks):
    carla, _mine, theirs, their_claims = two_desks
    client.force_login(carla)
    body = client.get(reverse("review-queue")).content.decode()
    assert "Ferry fares rose by 40%" in body
    assert_nothing_of(body, theirs, their_claims)
    # Filtering by the other desk's article finds nothing either.
    body = client.get(reverse("review-queue"), {"article": theirs.pk}).content
    assert_nothing_of(body.decode(), theirs, their_claims)


def test_another_desks_article_page_is_not_found(client, two_desks):
    carla, _mine, theirs, _their_claims = two_desks
    client.force_login(carla)
    assert client.get(reverse("article-detail", args=[theirs.pk])).status_code == 404
    table = client.get(reverse("claim-table", args=[theirs.pk]))
    assert table.status_code == 404


def test_the_api_lists_none_of_another_desks_articles_or_claims(client, two_desks):
    carla, mine, theirs, their_claims = two_desks
    client.force_login(carla)
    listed = client.get("/api/v1/articles/").json()
    ids = {row["id"] for row in listed["results"]}
    assert mine.pk in ids
    assert theirs.pk not in ids
    assert_nothing_of(str(listed), theirs, their_claims)
    assert client.get(f"/api/v1/articles/{theirs.pk}/").status_code == 404
    claims = client.get("/api/v1/claims/").json()
    assert {row["article"] for row in claims["results"]} == {mine.pk}
    assert client.get(f"/api/v1/claims/{their_claims[0].pk}/").status_code == 404


def test_another_desks_published_article_is_read_as_the_public_reads_it(
    client, two_desks
):
    carla, _mine, theirs, _their_claims = two_desks
    theirs.published_at = theirs.created_at
    theirs.save(update_fields=["published_at"])
    client.force_login(carla)
    response = client.get(reverse("article-detail", args=[theirs.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("report-detail", args=[theirs.pk])
    listed = client.get("/api/v1/articles/").json()
    assert theirs.pk not in {row["id"] for row in listed["results"]}


# --- queries constant in the number of desks ---------------------------------------


def spread_over_desks(n_desks: int, editor):
    """`n_desks` desks, the editor a member of each, each with an article whose
    claims are submitted; the editor's current desk is the first."""
    desks = [make_desk(f"desk-{index:02}") for index in range(n_desks)]
    for desk in desks:
        roles.grant(editor, "editor", desk)
        for _other in range(3):
            factories.UserFactory(role="reviewer", role__workspace=desk)
        desk_article(
            desk,
            f"{desk.slug} article",
            f"In {desk.slug}, fares rose by 10%. Tolls fell by 5%.",
            submitted=True,
        )
    return desks


# The session, the editor and their memberships (with their desks), the article
# list, the four queues and counts, the review queue, its count and its five
# prefetches, the unread badge: the same as on one desk before desks.
DASHBOARD_QUERIES = 17
# The session, the memberships, the COUNT and page of claims with six prefetches,
# the rating labels, the two filter lists and the unread badge.
QUEUE_QUERIES = 15


@pytest.mark.parametrize("n_desks", [1, 20])
def test_the_dashboard_costs_the_same_at_1_and_20_desks(
    client, django_assert_num_queries, n_desks
):
    editor = factories.UserFactory(username="multi-editor")
    spread_over_desks(n_desks, editor)
    client.force_login(editor)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "desk-00 article" in response.content.decode()


@pytest.mark.parametrize("n_desks", [1, 20])
def test_the_review_queue_costs_the_same_at_1_and_20_desks(
    client, django_assert_num_queries, n_desks
):
    editor = factories.UserFactory(username="multi-editor")
    spread_over_desks(n_desks, editor)
    client.force_login(editor)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(reverse("review-queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "In desk-00, fares rose" in body
    if n_desks > 1:
        assert "In desk-01, fares rose" not in body


@pytest.mark.parametrize("n_desks", [1, 20])
def test_the_api_article_list_costs_the_same_at_1_and_20_desks(
    client, django_assert_num_queries, n_desks
):
    editor = factories.UserFactory(username="multi-editor")
    spread_over_desks(n_desks, editor)
    client.force_login(editor)
    # The session, the user, the memberships, the count and the page.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/articles/")
    assert response.json()["count"] == n_desks


def test_group_membership_no_longer_grants_a_role(coast):
    """The groups are retired: only a membership gives a role."""
    person = factories.UserFactory()
    person.groups.add(Group.objects.get_or_create(name="editors")[0])
    assert not policies.can_annotate(person)


def test_ratings_are_read_only_in_ones_own_desks_and_blind_review_per_desk(
    coast, health
):
    """Editing Coast reads all of Coast's ratings, none of a desk one is not in; as
    a reviewer in Health, blind review hides the others' ratings there."""
    person = factories.UserFactory(role="editor", role__workspace=coast)
    coast_article, (coast_claim, *_) = desk_article(coast, "Fares", "Fares rose 4%.")
    coast_article.blind_review = True
    coast_article.save(update_fields=["blind_review"])
    health_article, (health_claim, *_) = desk_article(
        health, "Clinics", "Clinics close at 6pm."
    )
    health_article.blind_review = True
    health_article.save(update_fields=["blind_review"])
    coast_rating = factories.RatingFactory(
        claim=coast_claim, reviewer__role__workspace=coast
    )
    health_rating = factories.RatingFactory(
        claim=health_claim, reviewer__role__workspace=health
    )
    seen = set(selectors.visible_ratings(person))
    assert coast_rating in seen
    assert health_rating not in seen
    roles.grant(person, "reviewer", health)
    seen = set(selectors.visible_ratings(person))
    assert coast_rating in seen
    assert health_rating not in seen  # blind review: not submitted their own
    roles.grant(person, "editor", health)
    assert health_rating in set(selectors.visible_ratings(person))


# --- making desks and managing members -------------------------------------------


def test_an_instance_admin_makes_a_desk_with_a_readable_refusal_for_bad_slugs(
    admin_user,
):
    desk = services.workspace_create(user=admin_user, name=" Health ", slug="health")
    assert (desk.name, desk.slug) == ("Health", "health")
    with pytest.raises(Conflict):
        services.workspace_create(user=admin_user, name="Again", slug="health")
    for slug in ("", "two words", "é-desk", "x" * 51, "a/b"):
        with pytest.raises(InvalidInput):
            services.workspace_create(user=admin_user, name="Desk", slug=slug)
    assert Workspace.objects.filter(slug="health").count() == 1


def test_a_desk_admin_manages_members_of_their_desk_only(coast, health):
    chief = factories.UserFactory(role="admin", role__workspace=coast)
    roles.grant(chief, "editor", health)
    newcomer = factories.UserFactory()
    services.membership_grant(
        user=chief, workspace=coast, member=newcomer, role="reviewer"
    )
    assert policies.can_annotate(newcomer, coast)
    with pytest.raises(NotAllowed):
        services.membership_grant(
            user=chief, workspace=health, member=newcomer, role="reviewer"
        )
    with pytest.raises(InvalidInput):
        services.membership_grant(
            user=chief, workspace=coast, member=newcomer, role="owner"
        )
    services.membership_remove(user=chief, workspace=coast, member=newcomer)
    assert not policies.can_annotate(newcomer, coast)
    assert not Membership.objects.filter(user=newcomer).exists()


def test_the_desk_command_makes_a_desk_and_grants_through_the_services(
    admin_user, editor
):
    out = io.StringIO()
    call_command(
        "desk",
        "create",
        "health",
        "Health desk",
        "--user",
        admin_user.username,
        stdout=out,
    )
    call_command(
        "desk",
        "grant",
        "health",
        editor.username,
        "editor",
        "--user",
        admin_user.username,
        stdout=out,
    )
    desk = Workspace.objects.get(slug="health")
    assert roles.role_in(type(editor).objects.get(pk=editor.pk), desk) == "editor"
    # An editor is no desk admin: refused, one line, nothing changed.
    with pytest.raises(CommandError, match="Only the desk's admins"):
        call_command(
            "desk", "remove", "health", editor.username, "--user", editor.username
        )
    with pytest.raises(CommandError, match="No desk"):
        call_command(
            "desk",
            "grant",
            "nowhere",
            editor.username,
            "editor",
            "--user",
            admin_user.username,
        )
    call_command("desk", "list", stdout=out)
    assert "health\tHealth desk\t1 members" in out.getvalue()


@pytest.mark.parametrize("published", [False, True])
def test_already_checked_finds_only_the_viewers_desks_checks(coast, health, published):
    """Unpublished or published, another desk's verdict is not offered: sharing
    checks between desks is a choice both make (a later setting)."""
    from django.utils import timezone

    from annotations.models import RatingLabel
    from annotations.selectors.sourcing import already_checked

    text = "Harbour tolls rose 12 percent in 2023, the port authority said."
    checked = {}
    for desk in (coast, health):
        article = factories.ArticleFactory(
            workspace=desk,
            title=f"{desk.name} check",
            body=f"{text} Other words follow here.",
            published_at=timezone.now() if published else None,
        )
        (claim,) = factories.claims_for(article, [text], status=ClaimStatus.APPROVED)
        factories.VerdictFactory(
            claim=claim,
            label=RatingLabel.objects.get(scale__is_default=True, slug="false"),
        )
        checked[desk.slug] = claim
    reviewer = factories.UserFactory(role="reviewer", role__workspace=coast)
    mine = factories.ArticleFactory(workspace=coast, body=f"{text} And more.")
    (claim,) = factories.claims_for(mine, [text], checkworthiness=0.8)
    found = already_checked([claim], viewer=reviewer)[claim.pk]
    assert [match.claim_id for match in found] == [checked["coast"].pk]


def test_the_gap_dashboard_counts_and_lists_only_the_desks_gaps(client, two_desks):
    from django.utils import timezone

    from annotations.models import SourcingGap

    carla, mine, theirs, their_claims = two_desks
    now = timezone.now()
    for claim in [*mine.claims.all(), *their_claims]:
        SourcingGap.objects.create(
            claim=claim,
            kind="no_source",
            detail=f"gap of {claim.article.title}",
            opened_at=now,
            last_seen_at=now,
        )
    client.force_login(carla)
    body = client.get(reverse("gap-dashboard")).content.decode()
    assert f"gap of {mine.title}" in body
    assert_nothing_of(body, theirs, their_claims)
    assert f"gap of {theirs.title}" not in body
    # Asking for the other desk's article by id finds nothing either.
    body = client.get(reverse("gap-dashboard"), {"article": theirs.pk}).content
    assert_nothing_of(body.decode(), theirs, their_claims)


def test_notifications_of_a_desk_one_left_are_no_longer_read(client, coast, health):
    from annotations.models import Notification

    person = factories.UserFactory(role="reviewer", role__workspace=coast)
    roles.grant(person, "reviewer", health)
    _, (coast_claim, *_) = desk_article(coast, "Fares", "Fares rose 4% in May.")
    _, (health_claim, *_) = desk_article(health, "Clinics", "Clinics close at 6pm.")
    for claim, text in ((coast_claim, "coast note"), (health_claim, "health note")):
        Notification.objects.create(
            recipient=person, kind="assigned", claim=claim, text=text
        )
    Notification.objects.create(recipient=person, kind="assigned", text="no claim")
    client.force_login(person)
    body = client.get(reverse("notifications")).content.decode()
    # Both desks' (the bell is the person's, across their desks).
    for text in ("coast note", "health note", "no claim"):
        assert text in body
    assert selectors.unread_notification_count(person) == 3
    chief = factories.UserFactory(role="admin", role__workspace=health)
    services.membership_remove(user=chief, workspace=health, member=person)
    body = client.get(reverse("notifications")).content.decode()
    assert "health note" not in body
    assert "coast note" in body
    assert "no claim" in body
    fresh = type(person).objects.get(pk=person.pk)
    assert selectors.unread_notification_count(fresh) == 2


def test_the_apis_citations_comments_gaps_and_ratings_stay_in_their_desk(
    client, two_desks
):
    from django.utils import timezone

    from annotations.models import Comment, SourcingGap

    carla, _mine, theirs, their_claims = two_desks
    secret = their_claims[0]
    now = timezone.now()
    citation = factories.CitationFactory(claim=secret, quote="the secret memo")
    Comment.objects.create(claim=secret, author=carla, body="secret thread")
    gap = SourcingGap.objects.create(
        claim=secret, kind="no_source", detail="secret gap", opened_at=now,
        last_seen_at=now,
    )  # fmt: skip
    rating = factories.RatingFactory(claim=secret, rationale="secret rationale")
    client.force_login(carla)
    for path in (
        "/api/v1/citations/",
        "/api/v1/comments/",
        "/api/v1/gaps/",
        "/api/v1/ratings/",
        "/api/v1/review-queue/",
        f"/api/v1/citations/?claim={secret.pk}",
        f"/api/v1/comments/?claim={secret.pk}",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        for text in ("secret memo", "secret thread", "secret gap", "secret rationale"):
            assert text not in body, path
        assert_nothing_of(body, theirs, their_claims)
    for path in (f"/api/v1/citations/{citation.pk}/", f"/api/v1/gaps/{gap.pk}/"):
        assert client.get(path).status_code == 404, path
    # Carla edits Coast: Health's rating and citation are not hers to remove.
    assert client.delete(f"/api/v1/ratings/{rating.pk}/").status_code == 404
    assert client.delete(f"/api/v1/citations/{citation.pk}/").status_code == 404
    assert secret.ratings.filter(pk=rating.pk).exists()
    assert secret.citations.filter(pk=citation.pk).exists()


@pytest.mark.parametrize(
    "path",
    [
        "/claims/{claim}/",
        "/claims/{claim}/history/",
        "/articles/{article}/activity/",
        "/articles/{article}/table/",
        "/reports/{article}/preview/",
        "/reports/{article}/status/",
        "/reports/{article}/publish/",
    ],
)
def test_the_desks_pages_do_not_find_another_desks_article_or_claim(
    client, two_desks, path
):
    carla, _mine, theirs, their_claims = two_desks
    client.force_login(carla)
    url = path.format(claim=their_claims[0].pk, article=theirs.pk)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(url, **headers)
        assert response.status_code == 404, url
        assert_nothing_of(response.content.decode(), theirs, their_claims)


def test_writes_on_another_desks_article_find_nothing_and_change_nothing(
    client, two_desks
):
    carla, _mine, theirs, their_claims = two_desks
    claim = their_claims[0]
    citation = factories.CitationFactory(claim=claim)
    client.force_login(carla)
    before = (theirs.claims.count(), claim.comments.count(), theirs.blind_review)
    for url, data in (
        (f"/articles/{theirs.pk}/claims/", {"start": 0, "end": 5}),
        (f"/articles/{theirs.pk}/blind-review/", {"blind_review": "on"}),
        (f"/articles/{theirs.pk}/language/", {"language": "fr"}),
        (f"/claims/{claim.pk}/comments/", {"body": "hello"}),
        (f"/claims/{claim.pk}/dismiss/", {"reason": "no", "version": claim.version}),
        (f"/citations/{citation.pk}/remove/", {}),
    ):
        assert client.post(url, data).status_code == 404, url
    theirs.refresh_from_db()
    assert before == (
        theirs.claims.count(),
        claim.comments.count(),
        theirs.blind_review,
    )
    assert theirs.language == "en"
    assert claim.citations.filter(pk=citation.pk).exists()
