"""A desk's own rules (docs/DESKS.md): two desks on one instance with different
settings behave differently, each by its own, and the settings page lets a desk's
admins (and no one else) change them."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from annotations import desksettings, policies, roles, selectors, services
from annotations.errors import NotAllowed, WorkflowConflict
from annotations.models import Article, ClaimStatus, SourcingGap, Workspace
from annotations.sourcing import gaps, scanner
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db

BODY = "The ferry terminal cost $48 million, twice the estimate."


def make_desk(slug: str, **own) -> Workspace:
    return Workspace.objects.create(slug=slug, name=slug.title(), settings=own)


@pytest.fixture
def strict():
    """Two ratings, three sources, every check-worthy claim needs a primary source
    to be approved, and blind review from the start."""
    return make_desk(
        "strict",
        ratings_required=2,
        blind_review_default=True,
        gaps={"min_sources": 3, "blocking": [gaps.SINGLE_SOURCE], "checkworthy": 0.2},
    )


@pytest.fixture
def relaxed():
    return make_desk(
        "relaxed",
        ratings_required=1,
        gaps={"min_sources": 1, "blocking": [], "checkworthy": 0.95},
    )


def claim_in(desk, *, checkworthiness=0.9):
    article = factories.ArticleFactory(workspace=desk, body=BODY)
    (claim,) = factories.claims_for(article, checkworthiness=checkworthiness)
    return claim


def member(username, role, *desks):
    person = factories.UserFactory(username=username)
    for desk in desks:
        roles.grant(person, role, desk)
    return person


def cite(claim, publisher):
    source = factories.SourceFactory(
        publisher=publisher,
        domain=f"{publisher.lower()}.example",
        archive_url="https://web.archive.org/x",
    )
    return factories.CitationFactory(claim=claim, source=source)


def open_kinds(claim):
    return sorted(
        SourcingGap.objects.filter(claim=claim, resolved_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


# --- ratings required ---------------------------------------------------------------


def test_each_desk_asks_for_its_own_number_of_ratings(strict, relaxed):
    one, two = member("uma", "reviewer", strict, relaxed), None
    two = member("vic", "reviewer", strict, relaxed)
    here, there = claim_in(strict), claim_in(relaxed)
    for claim in (here, there):
        services.rating_set(claim=claim, reviewer=one, label=label("true"))
        services.claim_submit(claim=claim, user=one)
        claim.refresh_from_db()
    assert there.status == ClaimStatus.SUBMITTED
    assert here.status == ClaimStatus.IN_PROGRESS
    assert services.workflow.submission_progress(here).required == 2
    services.rating_set(claim=here, reviewer=two, label=label("true"))
    services.claim_submit(claim=here, user=two)
    here.refresh_from_db()
    assert here.status == ClaimStatus.SUBMITTED


# --- blocking kinds -----------------------------------------------------------------


def test_a_gap_blocks_approval_only_in_the_desk_that_says_so(strict, relaxed):
    editor = member("eva", "editor", strict, relaxed)
    single = [gaps.Finding(gaps.SINGLE_SOURCE, None, "high", "1 source cited.")]
    here, there = claim_in(strict), claim_in(relaxed)
    for claim in (here, there):
        type(claim).objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED)
        claim.refresh_from_db()
    assert policies.approval_policy(here).blocking_kinds == {gaps.SINGLE_SOURCE}
    assert policies.approval_policy(there).blocking_kinds == frozenset()
    with pytest.raises(WorkflowConflict):
        policies.approval_policy(here).check(
            editor, here, rater_ids=[], submitter_ids=[], findings=single
        )
    decision = policies.approval_policy(there).check(
        editor, there, rater_ids=[], submitter_ids=[], findings=single
    )
    assert not decision.blocking


def test_a_desk_without_settings_blocks_what_the_instance_blocks(settings):
    settings.FACTCHECK_GAP_BLOCKING = [gaps.NO_ARCHIVE]
    plain = make_desk("plain")
    assert policies.approval_policy(claim_in(plain)).blocking_kinds == {gaps.NO_ARCHIVE}


def test_the_queue_counts_blocking_gaps_by_each_claims_desk(strict, relaxed):
    editor = member("eva", "editor", strict, relaxed)
    here, there = claim_in(strict), claim_in(relaxed)
    for claim in (here, there):
        cite(claim, "Harbour")
    scanner.scan_claims([here.pk, there.pk])
    Claim = type(here)
    Claim.objects.filter(pk__in=[here.pk, there.pk]).update(
        status=ClaimStatus.SUBMITTED
    )
    counts = {
        claim.pk: claim.blocking_gap_count for claim in selectors.review_queue(editor)
    }
    assert counts == {here.pk: 1, there.pk: 0}
    (only,) = selectors.review_queue(editor, workspace=strict)
    assert only.blocking_gap_count == 1


# --- the scanner --------------------------------------------------------------------


def test_the_scanner_judges_each_claim_by_its_desks_minimum(strict, relaxed):
    here, there = claim_in(strict), claim_in(relaxed)
    for claim in (here, there):
        cite(claim, "Harbour")
        cite(claim, "Gazette")
    scanner.scan_claims([here.pk, there.pk])
    assert gaps.SINGLE_SOURCE in open_kinds(here)
    assert gaps.SINGLE_SOURCE not in open_kinds(there)
    detail = SourcingGap.objects.get(claim=here, kind=gaps.SINGLE_SOURCE).detail
    assert "at least 3" in detail


def test_a_full_scan_uses_each_desks_rules(strict, relaxed):
    here, there = claim_in(strict), claim_in(relaxed)
    for claim in (here, there):
        cite(claim, "Harbour")
    scanner.run_scan(batch_size=1)
    assert gaps.SINGLE_SOURCE in open_kinds(here)
    assert gaps.SINGLE_SOURCE not in open_kinds(there)


@pytest.mark.parametrize("desks", [1, 6])
def test_a_scan_over_many_desks_reads_their_settings_once(
    django_assert_num_queries, desks
):
    claims = []
    for number in range(desks):
        desk = make_desk(f"desk-{number}", gaps={"min_sources": 2 + number % 3})
        claims += [claim_in(desk), claim_in(desk)]
    for claim in claims:
        cite(claim, "Harbour")
    ids = [claim.pk for claim in claims]
    scanner.scan_claims(ids)  # opens a single_source gap on every claim
    assert SourcingGap.objects.filter(kind=gaps.SINGLE_SOURCE).count() == len(ids)
    # The transaction (2), the claims, citations, sources, ratings, open gaps, one
    # read of every desk's settings, the "still seen" update: whatever the desks.
    with django_assert_num_queries(9):
        scanner.scan_claims(ids)


# --- check-worthiness -----------------------------------------------------------------


def test_each_article_counts_check_worthy_claims_by_its_desks_threshold(
    strict, relaxed
):
    here = claim_in(strict, checkworthiness=0.5)
    there = claim_in(relaxed, checkworthiness=0.5)
    counts = dict(
        selectors.article_list()
        .filter(pk__in=[here.article_id, there.article_id])
        .values_list("pk", "checkworthy_count")
    )
    assert counts == {here.article_id: 1, there.article_id: 0}
    assert selectors.checkworthy_threshold(here.article) == 0.2
    assert selectors.checkworthy_threshold(there) == 0.95


def test_the_gap_dashboard_covers_by_the_desks_threshold(client, strict, relaxed):
    editor = member("eva", "editor", strict)
    claim_in(strict, checkworthiness=0.5)
    claim_in(relaxed, checkworthiness=0.5)
    from annotations.selectors import gaps as gap_selectors

    (row,) = gap_selectors.article_coverage(workspace=strict)
    assert row["worthy"] == 1
    # The relaxed desk's article has no claim at its 0.95: nothing to cover.
    assert not any(
        row["worthy"] for row in gap_selectors.article_coverage(workspace=relaxed)
    )
    client.force_login(editor)
    assert client.get(reverse("gap-dashboard")).status_code == 200


# --- blind review -------------------------------------------------------------------


def test_a_new_article_starts_blind_where_the_desk_says_so(strict, relaxed):
    writer = member("wes", "reviewer", strict, relaxed)
    blind = services.article_create(
        title="A", body=BODY, created_by=writer, workspace=strict
    )
    open_ = services.article_create(
        title="B", body=BODY + " Again.", created_by=writer, workspace=relaxed
    )
    assert (blind.blind_review, open_.blind_review) == (True, False)
    by_id = services.article_create(
        title="C", body=BODY + " Thrice.", created_by=writer, workspace=strict.pk
    )
    assert by_id.blind_review


def test_an_unknown_desk_id_is_refused():
    writer = factories.UserFactory(username="wes", role="admin")
    with pytest.raises(NotAllowed):
        services.article_create(
            title="A", body=BODY, created_by=writer, workspace=987654
        )


# --- "already checked" across desks -------------------------------------------------

CHECKED = "The ferry terminal cost $48 million, twice the first estimate."


def approved_in(desk):
    claim = claim_in(desk)
    claim.text = claim.article.body[claim.start : claim.end]
    factories.VerdictFactory(claim=claim, label=label("false"))
    type(claim).objects.filter(pk=claim.pk).update(status=ClaimStatus.APPROVED)
    return claim


@pytest.mark.parametrize(
    ("mine", "theirs", "offered"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
def test_other_desks_checks_are_offered_only_when_both_share(mine, theirs, offered):
    from annotations.selectors.sourcing import already_checked

    here = make_desk("here", share_already_checked=mine)
    there = make_desk("there", share_already_checked=theirs)
    viewer = member("uma", "reviewer", here)
    checked = approved_in(there)
    article = factories.ArticleFactory(workspace=here, body=CHECKED)
    (claim,) = factories.claims_for(article)
    found = already_checked([claim], viewer=viewer, desk=here).get(claim.pk, [])
    assert [match.claim_id for match in found] == ([checked.pk] if offered else [])


def test_a_desks_own_checks_are_offered_without_sharing():
    from annotations.selectors.sourcing import already_checked

    here = make_desk("here")
    viewer = member("uma", "reviewer", here)
    checked = approved_in(here)
    article = factories.ArticleFactory(workspace=here, body=CHECKED)
    (claim,) = factories.claims_for(article)
    found = already_checked([claim], viewer=viewer, desk=here)[claim.pk]
    assert [match.claim_id for match in found] == [checked.pk]


# --- the settings page ----------------------------------------------------------------


def page_form(**changes):
    form = {
        "scale": "",
        "ratings_required": "2",
        "min_sources": "3",
        "checkworthy": "0.4",
        "blocking": [gaps.NO_SOURCE, gaps.DEAD_LINK],
        "organisation_name": "Harbour Gazette",
        "organisation_url": "https://harbour.example/",
        "logo_url": "https://harbour.example/logo.png",
        "methodology": "We check what officials say.",
        "blind_review_default": "on",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


@pytest.fixture
def desk():
    return make_desk("harbour")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("admin", True), ("editor", False), ("reviewer", False)],
)
def test_only_the_desks_admins_see_and_change_its_settings(client, desk, role, allowed):
    person = member("pat", role, desk)
    client.force_login(person)
    url = reverse("desk-settings")
    page = client.get(url)
    assert page.status_code == (200 if allowed else 403)
    saved = client.post(url, page_form())
    assert saved.status_code == (200 if allowed else 403)
    desk.refresh_from_db()
    assert bool(desk.settings) == allowed
    # The link is on the desk's page (the header's row of links is full on a phone);
    # the desk's page is an editor's, so a reviewer sees neither.
    desk_page = client.get(reverse("desk-stats"))
    shown = (
        desk_page.status_code == 200 and f'href="{url}"' in desk_page.content.decode()
    )
    assert shown == allowed


def test_an_instance_admin_configures_a_desk_they_are_not_in(client, desk):
    client.force_login(factories.UserFactory(username="ada", role="admin"))
    client.post(reverse("workspace-switch"), {"workspace": desk.pk})
    assert client.post(reverse("desk-settings"), page_form()).status_code == 200
    desk.refresh_from_db()
    assert desk.settings["ratings_required"] == 2


def test_an_admin_of_another_desk_cannot_configure_this_one(desk):
    other = make_desk("other")
    person = member("pat", "admin", other)
    with pytest.raises(NotAllowed):
        services.workspace_settings_update(
            user=person, workspace=desk, data={"ratings_required": 3}
        )
    desk.refresh_from_db()
    assert desk.settings == {}


def test_saved_settings_are_the_desks_rules(client, desk):
    client.force_login(member("pat", "admin", desk))
    answer = client.post(reverse("desk-settings"), page_form())
    assert "settings-notice" in answer.content.decode()
    desk.refresh_from_db()
    assert desk.settings == {
        "scale": "",
        "ratings_required": 2,
        "blind_review_default": True,
        "share_already_checked": False,
        "gaps": {
            "min_sources": 3,
            "checkworthy": 0.4,
            "blocking": sorted([gaps.NO_SOURCE, gaps.DEAD_LINK]),
        },
        "report": {
            "organisation_name": "Harbour Gazette",
            "organisation_url": "https://harbour.example/",
            "logo_url": "https://harbour.example/logo.png",
            "methodology": "We check what officials say.",
            "excerpts_only": False,
        },
    }
    claim = claim_in(desk)
    assert services.workflow.submission_progress(claim).required == 2
    assert policies.approval_policy(claim).blocking_kinds == {
        gaps.NO_SOURCE,
        gaps.DEAD_LINK,
    }
    assert scanner.gap_config(desk).min_sources == 3


def test_saving_keeps_the_keys_the_page_does_not_show(desk):
    desk.settings = {"gaps": {"severities": {gaps.NO_ARCHIVE: "high"}}}
    desk.save()
    person = member("pat", "admin", desk)
    services.workspace_settings_update(
        user=person, workspace=desk, data={"gaps": {"min_sources": 4}}
    )
    desk.refresh_from_db()
    assert desk.settings["gaps"] == {
        "severities": {gaps.NO_ARCHIVE: "high"},
        "min_sources": 4,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ratings_required": "0"}, "ratings_required"),
        ({"ratings_required": "6"}, "ratings_required"),
        ({"ratings_required": "two"}, "ratings_required"),
        ({"min_sources": "0"}, "min_sources"),
        ({"checkworthy": "1.5"}, "checkworthy"),
        ({"checkworthy": "nan"}, "checkworthy"),
        ({"checkworthy": ""}, "checkworthy"),
        ({"blocking": ["no_such_kind"]}, "blocking"),
        ({"scale": "no-such-scale"}, "scale"),
        ({"logo_url": "javascript:alert(1)"}, "logo_url"),
        ({"organisation_url": "ftp://harbour.example/"}, "organisation_url"),
        ({"organisation_name": "x" * 201}, "organisation_name"),
        ({"surprise": "1"}, "settings"),
    ],
)
def test_a_refused_field_is_named_and_nothing_is_saved(client, desk, changes, field):
    client.force_login(member("pat", "admin", desk))
    answer = client.post(reverse("desk-settings"), page_form(**changes))
    assert answer.status_code == 400
    assert field in answer.context["errors"]
    body = answer.content.decode()
    assert answer.context["errors"][field] in body.replace("&#x27;", "'").replace(
        "&quot;", '"'
    )
    desk.refresh_from_db()
    assert desk.settings == {}


def test_the_service_refuses_unknown_keys_and_wrong_shapes(desk):
    person = member("pat", "admin", desk)
    from annotations.desksettings import DeskSettingsInvalid

    for data, field in [
        ({"colour": "blue"}, "colour"),
        ({"gaps": {"min_sources": 2, "maximum": 9}}, "gaps.maximum"),
        ({"gaps": [1, 2]}, "gaps"),
        ({"gaps": {"severities": {gaps.NO_SOURCE: "fatal"}}}, "gaps.severities"),
        ({"gaps": {"primary_kinds": ["rumour"]}}, "gaps.primary_kinds"),
        ({"blind_review_default": "perhaps"}, "blind_review_default"),
        ({"report": {"methodology": 42}}, "report.methodology"),
    ]:
        with pytest.raises(DeskSettingsInvalid) as refused:
            services.workspace_settings_update(user=person, workspace=desk, data=data)
        assert field in refused.value.errors, data
    with pytest.raises(DeskSettingsInvalid):
        services.workspace_settings_update(user=person, workspace=desk, data=[1])
    desk.refresh_from_db()
    assert desk.settings == {}


def test_the_page_shows_the_settings_in_force(client, desk, settings):
    settings.FACTCHECK_GAP_MIN_SOURCES = 4
    client.force_login(member("pat", "admin", desk))
    form = client.get(reverse("desk-settings")).context["form"]
    assert form["min_sources"] == 4
    desk.settings = {"gaps": {"min_sources": 2}}
    desk.save()
    form = client.get(reverse("desk-settings")).context["form"]
    assert form["min_sources"] == 2


def test_the_settings_page_query_budget(client, django_assert_num_queries, desk):
    client.force_login(member("pat", "admin", desk))
    client.get(reverse("desk-settings"))
    # Session, user, memberships (with their desks), the scales, the header's
    # unread notifications.
    with django_assert_num_queries(5):
        assert client.get(reverse("desk-settings")).status_code == 200


@pytest.mark.parametrize(
    ("language", "refusal", "heading"),
    [
        (
            "es",
            "Las calificaciones necesarias son un número entero de 1 a 5.",
            "Configuración de Harbour",
        ),
        (
            "ar",
            "عدد التقييمات المطلوبة عدد صحيح من 1 إلى 5.",
            "إعدادات Harbour",
        ),
    ],
)
def test_the_settings_page_speaks_the_persons_language(
    client, desk, language, refusal, heading
):
    person = member("pat", "admin", desk)
    services.preference_set_language(user=person, language=language)
    client.force_login(person)
    answer = client.post(reverse("desk-settings"), page_form(ratings_required="9"))
    page = answer.content.decode()
    assert refusal in page
    assert heading in page
    assert "Ratings required per claim" not in page
    assert ('dir="rtl"' in page) == (language == "ar")


# --- the rating scale ---------------------------------------------------------------


@pytest.fixture
def traffic():
    """A three-colour scale whose slugs partly repeat the default scale's."""
    from annotations.models import Polarity, RatingLabel, RatingScale

    scale = RatingScale.objects.create(name="Traffic light", slug="traffic")
    for position, (slug, polarity) in enumerate(
        [
            ("green", Polarity.TRUE),
            ("amber", Polarity.NEUTRAL),
            ("false", Polarity.FALSE),
        ]
    ):
        RatingLabel.objects.create(
            scale=scale,
            name=slug.title(),
            slug=slug,
            ordinal=2 - position,
            polarity=polarity,
            position=position,
        )
    return scale


@pytest.fixture
def lights(traffic):
    return make_desk("lights", scale=traffic.slug)


def test_each_desk_offers_the_labels_of_its_scale(lights, relaxed):
    here, there = claim_in(lights), claim_in(relaxed)
    assert [label.slug for label in selectors.rating_labels(here)] == [
        "green",
        "amber",
        "false",
    ]
    default = [label.slug for label in selectors.rating_labels(there)]
    assert "green" not in default
    assert "mostly-true" in default


def test_a_rating_takes_a_label_of_its_desks_scale_only(lights, relaxed, traffic):
    from annotations.errors import InvalidInput

    person = member("uma", "reviewer", lights, relaxed)
    here, there = claim_in(lights), claim_in(relaxed)
    rating = services.rating_set(claim=here, reviewer=person, label="false")
    assert rating.label.scale == traffic
    green = traffic.labels.get(slug="green")
    with pytest.raises(InvalidInput, match="not a label of the rating scale"):
        services.rating_set(claim=there, reviewer=person, label=green)
    with pytest.raises(InvalidInput, match="not a label of the rating scale"):
        services.rating_set(claim=here, reviewer=person, label=label("true"))
    with pytest.raises(InvalidInput, match="Unknown label"):
        services.rating_set(claim=there, reviewer=person, label="green")


def test_the_panel_offers_and_accepts_the_desks_labels(client, lights, traffic):
    person = member("uma", "reviewer", lights)
    claim = claim_in(lights)
    client.force_login(person)
    panel = client.get(
        reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    green = traffic.labels.get(slug="green")
    assert f'<option value="{green.pk}">Green</option>' in panel
    assert f">{label('mostly-true').name}</option>" not in panel
    url = reverse("rating-set", args=[claim.pk])
    refused = client.post(url, {"label": label("true").pk, "confidence": 2})
    assert refused.status_code == 400
    assert not claim.ratings.exists()
    client.post(url, {"label": green.pk, "confidence": 2})
    assert claim.ratings.get().label == green


def test_the_api_takes_a_slug_of_the_claims_desk_scale(lights, relaxed, traffic):
    from tests.api import API, client_for

    person = member("uma", "reviewer", lights, relaxed)
    api = client_for(person)
    here, there = claim_in(lights), claim_in(relaxed)
    answer = api.post(
        f"{API}/ratings/", {"claim": here.pk, "label": "amber"}, format="json"
    )
    assert answer.status_code == 201
    assert here.ratings.get().label.scale == traffic
    refused = api.post(
        f"{API}/ratings/", {"claim": there.pk, "label": "amber"}, format="json"
    )
    assert refused.status_code == 400
    assert not there.ratings.exists()
    # "false" is on both scales: each claim gets its own desk's.
    api.post(f"{API}/ratings/", {"claim": there.pk, "label": "false"}, format="json")
    assert there.ratings.get().label == label("false")


def test_the_report_describes_the_desks_scale(lights, traffic):
    from reports import snapshot

    article = claim_in(lights).article
    scale = snapshot._scale(article)
    assert scale["name"] == "Traffic light"
    assert [entry["slug"] for entry in scale["labels"]] == ["green", "amber", "false"]


# --- settings broken by hand (in the database, outside the page and the service) ---


def broken(desk, stored):
    """Store `stored` as the desk's settings the way a hand edit does: past
    `Workspace.clean` and `clean_desk_settings`."""
    Workspace.objects.filter(pk=desk.pk).update(settings=stored)
    desk.refresh_from_db()
    return desk


@pytest.mark.parametrize(
    ("stored", "named"),
    [
        ([1, 2, 3], "JSON object"),
        ("ratings_required=2", "JSON object"),
        (7, "JSON object"),
        ({"ratings_required": "two"}, "'ratings_required'"),
        ({"ratings_required": [2]}, "'ratings_required'"),
        ({"blind_review_default": "perhaps"}, "'blind_review_default'"),
        ({"gaps": "strict"}, "'gaps'"),
        ({"gaps": {"min_sources": "many"}}, "'gaps.min_sources'"),
        ({"gaps": {"checkworthy": "high"}}, "'gaps.checkworthy'"),
        ({"gaps": {"blocking": 5}}, "'gaps.blocking'"),
        ({"gaps": {"severities": "high"}}, "'gaps.severities'"),
        ({"gaps": {"primary_kinds": {"a": 1}}}, "'gaps.primary_kinds'"),
        ({"report": ["Harbour Times"]}, "'report'"),
        ({"report": {"organisation_name": 42}}, "'report.organisation_name'"),
        ({"report": {"logo_url": {"href": "x"}}}, "'report.logo_url'"),
        ({"colour": "blue"}, "'colour'"),
        ({"gaps": {"maximum": 9}}, "'gaps.maximum'"),
    ],
)
def test_broken_settings_fall_back_to_the_instances(desk, stored, named):
    broken(desk, stored)
    current, problems = desksettings.read_desk_settings(desk)
    assert current == desksettings.desk_settings(None)
    assert any(named in problem for problem in problems), problems


def test_what_is_readable_still_holds_beside_what_is_not(desk, settings):
    settings.FACTCHECK_GAP_MIN_SOURCES = 2
    broken(
        desk,
        {
            "ratings_required": 3,
            "blind_review_default": "yes-please",
            "gaps": {
                "min_sources": "lots",
                "checkworthy": 0.4,
                "blocking": [gaps.SINGLE_SOURCE, "no_such_kind"],
                "severities": {gaps.NO_ARCHIVE: "high", gaps.NO_SOURCE: "fatal"},
            },
            "report": {"organisation_name": "Harbour Times", "methodology": None},
            "surprise": True,
        },
    )
    current, problems = desksettings.read_desk_settings(desk)
    assert current.ratings_required == 3
    assert current.blind_review_default is False
    assert current.gaps.min_sources == 2
    assert current.gaps.checkworthy == 0.4
    assert current.gaps.blocking == frozenset(settings.FACTCHECK_GAP_BLOCKING)
    assert current.gaps.severities[gaps.NO_ARCHIVE] == "high"
    assert (
        current.gaps.severities[gaps.NO_SOURCE]
        == settings.FACTCHECK_GAP_SEVERITIES[gaps.NO_SOURCE]
    )
    assert current.report.organisation_name == "Harbour Times"
    assert current.report.methodology == settings.FACTCHECK_METHODOLOGY
    assert len(problems) == 5, problems  # blind, min_sources, blocking, severity, key


def test_a_broken_desk_is_logged_once(desk, caplog):
    broken(desk, {"gaps": {"checkworthy": "high"}})
    with caplog.at_level("WARNING", logger="annotations.desksettings"):
        for _ in range(3):
            desksettings.desk_settings(desk)
    warnings = [r for r in caplog.records if r.name == "annotations.desksettings"]
    assert len(warnings) == 1
    assert desk.slug in warnings[0].getMessage()
    assert "gaps.checkworthy" in warnings[0].getMessage()
    broken(desk, {"gaps": {"checkworthy": "low"}})
    with caplog.at_level("WARNING", logger="annotations.desksettings"):
        desksettings.desk_settings(desk)
    assert len([r for r in caplog.records if r.name == "annotations.desksettings"]) == 2


@pytest.mark.parametrize(
    "stored",
    [
        ["not", "an", "object"],
        {"report": "Harbour Times", "gaps": {"min_sources": "many"}},
        {"report": {"organisation_url": 7, "methodology": ["a"]}},
        {"ratings_required": {"n": 2}, "share_already_checked": "sometimes"},
    ],
)
def test_the_settings_page_names_what_it_cannot_read(client, desk, stored):
    client.force_login(member("pat", "admin", desk))
    broken(desk, stored)
    answer = client.get(reverse("desk-settings"))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'id="settings-unreadable"' in page
    for problem in answer.context["unreadable"]:
        assert str(escape(problem)) in page
    # Saving what the page shows stores readable settings in the fields it has.
    saved = client.post(reverse("desk-settings"), page_form())
    assert saved.status_code == 200, saved.context["errors"]
    desk.refresh_from_db()
    assert desksettings.read_desk_settings(desk)[1] == ()


def test_a_whole_desk_works_with_broken_settings(client, desk):
    """The pages that read the desk's rules answer, with the instance's."""
    person = member("pat", "admin", desk)
    broken(desk, {"gaps": {"checkworthy": "high", "severities": [1]}, "report": 3})
    article = factories.ArticleFactory(workspace=desk, body=BODY)
    factories.claims_for(article, checkworthiness=0.9)
    client.force_login(person)
    for url in (
        reverse("dashboard"),
        reverse("desk-settings"),
        reverse("article-detail", args=[article.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_a_desk_without_problems_shows_no_warning(client, desk):
    client.force_login(member("pat", "admin", desk))
    answer = client.get(reverse("desk-settings"))
    assert answer.context["unreadable"] == ()
    assert "settings-unreadable" not in answer.content.decode()


@pytest.mark.parametrize(
    "stored",
    [0.25, "0.4", " 1 ", 0, "high", True, 1.5, -0.1, "1e-1", [0.3], {"a": 1}, "", None],
    ids=repr,
)
def test_the_sql_threshold_reads_a_hand_edited_value_as_the_settings_do(desk, stored):
    """The article list's threshold, computed in SQL for many desks at once, is the
    one `desk_settings()` reads for the same stored value: a readable number from 0
    to 1, else the instance's, and never an error from the database's cast."""
    from annotations.desksettings import checkworthy_expression, desk_settings

    broken(desk, {"gaps": {"checkworthy": stored}})
    factories.ArticleFactory(workspace=desk, body=BODY)
    threshold = (
        Article.objects.filter(workspace=desk)
        .annotate(threshold=checkworthy_expression("workspace"))
        .values_list("threshold", flat=True)
        .get()
    )
    assert threshold == pytest.approx(desk_settings(desk).gaps.checkworthy)


def test_the_queue_weighs_disagreement_by_the_width_of_each_desks_scale(
    lights, relaxed
):
    """Two steps apart on a three-label scale is the widest disagreement there
    can be; three steps on the default five-step scale is less of it. One queue
    over both desks puts the first first."""
    editor = member("eve", "editor", lights, relaxed)
    first, second = (
        member("uma", "reviewer", lights, relaxed),
        member("sam", "reviewer", lights, relaxed),
    )
    wide, narrow = claim_in(lights), claim_in(relaxed)
    ratings = ((narrow, ("true", "mostly-false")), (wide, ("green", "false")))
    for claim, labels in ratings:
        services.claim_assign(claim=claim, assignees=[first, second], user=editor)
        cite(claim, "Harbour Gazette")
        for person, slug in zip((first, second), labels, strict=True):
            services.rating_set(claim=claim, reviewer=person, label=slug)
            services.claim_submit(claim=claim, user=person)
    rows = list(selectors.review_queue(editor, sort="disagreement"))
    assert [row.pk for row in rows] == [wide.pk, narrow.pk]
    assert [row.ordinal_spread for row in rows] == [2, 3]
    assert [row.relative_spread for row in rows] == pytest.approx([1.0, 0.75])
