"""What the desk's presenters shape (desk/presenters/): the gap chart's geometry, the
dashboard's labels, and pages whose models leave the view as they came from the
selectors, with display values on small presenter objects instead."""

import dataclasses
import datetime as dt
import itertools

import pytest
from django.db.models import Model
from django.urls import reverse

from annotations import services
from annotations.models import RatingLabel
from annotations.sourcing import scanner
from desk.presenters import gap_chart, gaps
from desk.presenters.claims import ClaimEntry
from tests import factories

FIRST = dt.date(2026, 3, 1)


# --- the gap chart: pure geometry ---------------------------------------------------


def test_an_empty_trend_draws_flat_bars_on_the_baseline():
    chart = gap_chart.gap_chart({}, {}, first=FIRST, days=7)
    assert len(chart["rows"]) == 7
    assert chart["max"] == 1  # never a division by zero
    for row in chart["rows"]:
        assert row["h_opened"] == row["h_resolved"] == 0
        assert row["y_opened"] == row["y_resolved"] == chart["baseline"]
    assert chart["total_opened"] == chart["total_resolved"] == 0


def test_the_tallest_bar_fills_the_plot_and_the_others_scale_to_it():
    opened = {FIRST + dt.timedelta(days=2): 8, FIRST + dt.timedelta(days=4): 2}
    resolved = {FIRST + dt.timedelta(days=4): 4}
    chart = gap_chart.gap_chart(opened, resolved, first=FIRST, days=10)
    plot = chart["baseline"] - chart["top"]
    tallest, small = chart["rows"][2], chart["rows"][4]
    assert tallest["h_opened"] == plot
    assert tallest["y_opened"] == chart["top"]
    assert small["h_opened"] == pytest.approx(plot / 4, abs=0.1)
    assert small["h_resolved"] == pytest.approx(plot / 2, abs=0.1)
    assert chart["max"] == 8
    assert chart["mid"] == 4
    assert (chart["total_opened"], chart["total_resolved"]) == (10, 4)


@pytest.mark.parametrize("days", [1, 7, 30, 90])
def test_bars_stay_inside_the_plot_in_day_order_and_never_overlap(days):
    counts = {FIRST + dt.timedelta(days=index): index % 3 for index in range(days)}
    chart = gap_chart.gap_chart(counts, counts, first=FIRST, days=days)
    rows = chart["rows"]
    assert [row["day"] for row in rows] == [
        FIRST + dt.timedelta(days=index) for index in range(days)
    ]
    for row, following in itertools.pairwise(rows):
        assert row["x_opened"] < row["x_resolved"] < following["x_opened"]
    for row in rows:
        assert chart["left"] <= row["x_opened"]
        assert row["x_resolved"] + chart["bar"] <= chart["right"] + 0.1
        assert chart["top"] <= row["y_opened"] <= chart["baseline"]


def test_every_fifth_day_and_the_last_are_labelled():
    chart = gap_chart.gap_chart({}, {}, first=FIRST, days=12)
    labelled = [index for index, row in enumerate(chart["rows"]) if row["show_label"]]
    assert labelled == [0, 5, 10, 11]


def test_an_odd_maximum_puts_a_half_on_the_middle_line():
    chart = gap_chart.gap_chart({FIRST: 3}, {}, first=FIRST, days=3)
    assert chart["mid"] == 1.5


# --- the gap dashboard's words ------------------------------------------------------


def assignee_row(pk, username, first="", last="", n=1):
    return {
        "claim__assignees__id": pk,
        "claim__assignees__username": username,
        "claim__assignees__first_name": first,
        "claim__assignees__last_name": last,
        "n": n,
    }


def test_assignees_are_named_as_every_page_names_a_person():
    rows = gaps.by_assignee(
        [
            assignee_row(3, "ana", "Ana", "Lima"),
            assignee_row(4, "bo"),
            assignee_row(5, "cy", "", "Ng"),
            assignee_row(None, None, None, None),
        ]
    )
    assert [(row["name"], row["key"]) for row in rows] == [
        ("Ana Lima", 3),
        ("bo", 4),
        ("Ng", 5),
        ("Unassigned", "none"),
    ]


def test_severities_read_most_severe_first_with_their_labels():
    rows = gaps.by_severity(
        [
            {"severity": "low", "n": 5},
            {"severity": "high", "n": 1},
            {"severity": "medium", "n": 2},
        ]
    )
    assert [(row["value"], row["label"]) for row in rows] == [
        ("high", "High"),
        ("medium", "Medium"),
        ("low", "Low"),
    ]


# --- pages hand the template presenters, not decorated models -------------------------

DISPLAY_NAMES = {"icon", "summary", "reasons", "can_edit", "can_remove", "edit"}


def decorated(objects) -> list[str]:
    """Model instances (bare, or inside a presenter) carrying a display attribute."""
    found = []
    for item in objects:
        if dataclasses.is_dataclass(item):
            item = getattr(item, dataclasses.fields(item)[0].name)
        if isinstance(item, Model):
            extra = (DISPLAY_NAMES | {"panel_url"}) & set(vars(item))
            if extra:
                found.append(f"{type(item).__name__} #{item.pk}: {sorted(extra)}")
    return found


@pytest.mark.django_db
def test_the_article_page_leaves_its_claims_citations_and_ratings_undecorated(
    client, seed_text, reviewer
):
    article = services.article_create(title="", body=seed_text, created_by=reviewer)
    claim = article.claims.filter(kind="claim").order_by("start").first()
    services.citation_add_with_source(
        claim=claim, source=None, url="https://example.org/report", title="Report",
        publisher="Example", kind="primary", stance="supports", user=reviewer,
    )  # fmt: skip
    label = RatingLabel.objects.filter(scale__is_default=True).first()
    services.rating_set(claim=claim, reviewer=reviewer, label=label)
    client.force_login(reviewer)

    response = client.get(
        reverse("article-detail", args=[article.pk]), {"claim": claim.pk}
    )

    context = response.context
    assert response.status_code == 200
    assert context["claims"]
    assert context["panel_citations"]
    assert context["panel_ratings"]
    shown = [*context["claims"], *context["panel_citations"], *context["panel_ratings"]]
    assert not decorated(shown)
    entry = next(entry for entry in context["claims"] if entry.pk == claim.pk)
    assert isinstance(entry, ClaimEntry)
    assert entry.icon
    assert "1 source" in entry.summary
    assert "1 rating" in entry.summary
    [citation] = context["panel_citations"]
    assert citation.can_edit
    assert citation.can_remove
    assert citation.edit["stance"] == "supports"
    assert not citation.edit["open"]


@pytest.mark.django_db
def test_the_gap_listing_links_each_gap_without_decorating_it(client, reviewer):
    article = factories.ArticleFactory(title="Gap story")
    claims = factories.claims_for(article, checkworthiness=0.9)
    scanner.scan_claims([c.pk for c in claims])
    client.force_login(reviewer)

    response = client.get(reverse("gap-dashboard"))

    listing = list(response.context["page"].object_list)
    assert listing
    assert not decorated(listing)
    for gap in listing:
        assert (
            gap.panel_url
            == f"/articles/{article.pk}/?claim={gap.claim_id}#claim-{gap.claim_id}"
        )


@pytest.mark.django_db
def test_the_claim_table_rows_leave_their_claims_undecorated(
    client, seed_text, reviewer, editor
):
    article = services.article_create(title="", body=seed_text, created_by=reviewer)
    claim = article.claims.filter(kind="claim").order_by("start").first()
    services.claim_assign(
        claim=claim, assignees=[reviewer], user=editor,
        expected_version=claim.version,
    )  # fmt: skip
    client.force_login(reviewer)

    response = client.get(reverse("claim-table", args=[article.pk]))

    rows = response.context["rows"]
    assert rows
    assert not decorated(rows)
    assert not {"people", "verdict_label"} & {
        name for row in rows for name in vars(row.claim)
    }
    [assigned] = [row for row in rows if row.pk == claim.pk]
    assert assigned.people == [reviewer]
    assert assigned.icon
    assert assigned.verdict_label is None
