"""The W3C round trip loses nothing: a rich published report exported as W3C Web
Annotations and imported into a fresh article, in the same database and in a
database that has none of the old rows (sources deleted, a new rating scale whose
labels have other names), publishes the same report, field by field."""

from __future__ import annotations

import copy
import json

import pytest
from django.forms.models import model_to_dict

from annotations import services as desk
from annotations.models import (
    Article,
    Citation,
    Claim,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)
from reports import exporters, services
from reports.models import ReportRevision
from tests.rich_report import published_content, rich_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(seed_text, reviewer, editor, admin_user):
    return rich_report(
        body=seed_text, reviewer=reviewer, editor=editor, admin=admin_user
    )


def w3c(revision: ReportRevision) -> dict:
    return json.loads(exporters.get("w3c").render(revision.snapshot))


def annotations_of(collection: dict) -> list[dict]:
    return services.flatten_annotations(collection)


def fresh_article(original: Article, user) -> Article:
    return desk.article_create(
        title=original.title,
        body=original.body,
        url=original.url,
        publisher=original.publisher,
        byline=original.byline,
        published_on=original.published_on,
        language=original.language,
        created_by=user,
        allow_duplicate=True,
    )


def import_and_publish(collection: dict, article: Article, editor) -> ReportRevision:
    result = services.annotations_import(article=article, user=editor, data=collection)
    assert result.unanchored == []
    assert result.refused == []
    assert len(result.imported) == collection["total"]
    return services.article_publish(article=article, user=editor)


def desk_rows() -> dict:
    """Every row an import could write, as plain values (history included)."""
    rows = {}
    for model in (Claim, Citation, Verdict, Source):
        rows[model.__name__] = [
            model_to_dict(row) | {"updated": str(getattr(row, "updated_at", ""))}
            for row in model.objects.order_by("pk")
        ]
        rows[f"{model.__name__} history"] = model.history.count()
    return rows


def test_the_annotation_carries_every_published_field_of_verdict_and_evidence(report):
    """Read back, each annotation says everything its claim's review says."""
    _article, revision = report
    items = annotations_of(w3c(revision))
    claims = revision.snapshot["claims"]
    assert len(items) == len(claims)
    for annotation, claim in zip(items, claims, strict=True):
        read = services.read_annotation(annotation)
        verdict = claim["verdict"]
        assert (read.label_key, read.label_name) == (verdict["label"], verdict["name"])
        assert read.explanation == verdict["explanation"]
        assert read.gap_override_reason == verdict["gap_override_reason"]
        assert list(read.gap_override_kinds) == verdict["gap_override_kinds"]
        assert read.two_person_override_reason == verdict["two_person_override_reason"]
        assert (read.attribution or "") == claim["attribution"]
        assert [
            {key: c[key] for key in ("stance", "quote", "locator")}
            | {key: c[key] for key in ("url", "title", "publisher", "kind")}
            | {"archive_url": c["archive_url"]}
            for c in read.citations
        ] == [
            {key: c[key] for key in ("stance", "quote", "locator")}
            | {key: c["source"][key] for key in ("url", "title", "publisher", "kind")}
            | {"archive_url": c["source"]["archive_url"]}
            for c in claim["citations"]
        ]
        body = next(b for b in annotation["body"] if b["purpose"] == "assessing")
        assert body.get("schema:ratingValue") == verdict["ordinal"]
        assert body["factcheck:polarity"] == verdict["polarity"]


def test_into_a_fresh_article_of_the_same_database_and_twice(report, editor):
    article, revision = report
    collection = w3c(revision)
    sources_before = Source.objects.count()
    copy_of = fresh_article(article, editor)
    imported = import_and_publish(collection, copy_of, editor)

    assert published_content(imported.snapshot) == published_content(revision.snapshot)
    # The desk's sources were reused, not copied.
    assert Source.objects.count() == sources_before
    for claim in imported.snapshot["claims"]:
        assert claim["verdict"]["approved_by"] == "Eddie Editor"
    origins = set(
        Verdict.objects.filter(claim__article=copy_of).values_list(
            "imported_from", flat=True
        )
    )
    assert origins == {item["id"] for item in annotations_of(collection)}

    # The same file again: every annotation is recognised, nothing is written.
    before = desk_rows()
    again = services.annotations_import(article=copy_of, user=editor, data=collection)
    assert again.imported == again.refused == again.unanchored == []
    assert len(again.unchanged) == collection["total"]
    assert desk_rows() == before


def test_into_a_database_without_the_old_rows_and_with_renamed_labels(report, editor):
    article, revision = report
    collection = w3c(revision)
    original = revision.snapshot
    # Nothing of the old desk survives: its report, article, claims, evidence,
    # sources and rating scale are gone before the import.
    ReportRevision.objects.filter(article=article).delete()
    article.delete()
    Source.objects.all().delete()
    RatingScale.objects.all().delete()
    renamed = {}
    scale = RatingScale.objects.create(
        name="The new desk's scale", slug="new-desk", is_default=True
    )
    for position, old in enumerate(reversed(original["scale"]["labels"])):
        renamed[old["slug"]] = f"Renamed {old['name'].lower()}"
        RatingLabel.objects.create(
            scale=scale,
            slug=old["slug"],
            name=renamed[old["slug"]],
            ordinal=old["ordinal"],
            polarity=old["polarity"],
            description=f"Another description of {old['slug']}.",
            position=position,
        )
    assert Source.objects.count() == 0

    fresh = fresh_article(article, editor)  # its fields outlive its row
    imported = import_and_publish(collection, fresh, editor).snapshot

    for claim in imported["claims"]:
        assert claim["verdict"]["name"] == renamed[claim["verdict"]["label"]]
    expected = published_content(original)
    for claim in expected["claims"]:
        claim["verdict"]["name"] = renamed[claim["verdict"]["label"]]
    got = published_content(imported)
    assert got.pop("scale")["name"] == "The new desk's scale"
    expected.pop("scale")
    assert got["claims"] == expected["claims"]
    assert got == expected
    # One document without an address, cited twice, is still one source.
    unaddressed = Source.objects.filter(url="")
    assert unaddressed.count() == 1
    assert unaddressed.get().citations.count() == 2


def test_an_unknown_label_is_refused_in_words_naming_it(report, editor):
    article, revision = report
    collection = w3c(revision)
    first = annotations_of(collection)[0]
    first["body"][0]["schema:identifier"] = "pants-on-fire"
    copy_of = fresh_article(article, editor)
    result = services.annotations_import(article=copy_of, user=editor, data=collection)
    (refused,) = result.refused
    assert refused["id"] == first["id"]
    assert "'pants-on-fire'" in refused["reason"]
    assert "no label with this key" in refused["reason"]
    assert len(result.imported) == collection["total"] - 1


def test_a_label_is_matched_by_its_key_not_by_the_name_it_shows(report, editor):
    """A key wins over a name that now belongs to another label; an annotation
    from an export that carried no key is matched by name."""
    article, revision = report
    collection = w3c(revision)
    items = annotations_of(collection)
    misleading = RatingLabel.objects.get(scale__is_default=True, slug="misleading")
    true = RatingLabel.objects.get(scale__is_default=True, slug="true")
    by_key = next(i for i in items if i["body"][0]["schema:identifier"] == "true")
    by_key["body"][0]["value"] = misleading.name
    by_name = next(i for i in items if i["body"][0]["schema:identifier"] == "false")
    del by_name["body"][0]["schema:identifier"]
    copy_of = fresh_article(article, editor)
    result = services.annotations_import(article=copy_of, user=editor, data=collection)
    assert result.refused == []
    labels = dict(
        Verdict.objects.filter(claim__article=copy_of).values_list(
            "imported_from", "label__slug"
        )
    )
    assert labels[by_key["id"]] == true.slug
    assert labels[by_name["id"]] == "false"


def test_an_annotation_imported_before_that_says_something_else_now_is_refused(
    report, editor
):
    article, revision = report
    collection = w3c(revision)
    copy_of = fresh_article(article, editor)
    services.annotations_import(article=copy_of, user=editor, data=collection)
    changed = copy.deepcopy(collection)
    first = annotations_of(changed)[0]
    next(b for b in first["body"] if b["purpose"] == "linking")["factcheck:locator"] = (
        "p. 99"
    )
    before = desk_rows()
    result = services.annotations_import(article=copy_of, user=editor, data=changed)
    (refused,) = result.refused
    assert refused["id"] == first["id"]
    assert "imported from this annotation before" in refused["reason"]
    assert len(result.unchanged) == collection["total"] - 1
    assert desk_rows() == before
