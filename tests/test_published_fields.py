"""Public fields say they are public: every input whose text the report publishes
carries "Shown in the published report", from one list next to the snapshot
(reports/published_fields.py) that this module holds to what the snapshot really
publishes."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import re

import pytest
from django import forms as django_forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client, RequestFactory
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers as drf_serializers

from annotations import services
from annotations.models import (
    Article,
    Citation,
    Claim,
    Comment,
    Rating,
    RatingLabel,
    RatingScale,
    Source,
    SourcingGap,
    Verdict,
)
from annotations.public_fields import INTERNAL, PUBLISHED
from reports import services as report_services
from reports.published_fields import PUBLISHED_TEXTS, inputs
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED_ON = dt.date(1987, 6, 5)
# The offsets invariant: a claim's text is a span of the body, so its marker is in
# the published body too; that is the body's text, not a field of its own.
CONTAINED = {("article.body", "annotations.Claim.text")}


def marker(model, field: models.Field) -> str:
    """A value no other field has and that no other marker contains."""
    name = f"zq{model._meta.model_name}x{field.name.replace('_', '')}qz"
    if isinstance(field, models.URLField):
        return f"https://{name}.example/page"
    if isinstance(field, models.EmailField):
        return f"{name}@example.org"
    return name[: field.max_length] if field.max_length else name


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and field.name != "password"
    ]


def fill(instance, *, skip=()) -> dict[str, str]:
    """Put a marker in every text field of the row (saved); marker -> field."""
    found = {}
    model = type(instance)
    for field in text_fields(model):
        if field.name in skip:
            continue
        value = marker(model, field)
        setattr(instance, field.name, value)
        found[value] = f"{model._meta.app_label}.{model.__name__}.{field.name}"
    instance.save()
    return found


def walk(value, path=""):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, f"{path}[]")
    elif value is not None:
        yield path, str(value)


@pytest.fixture
def published_snapshot():
    """A report published three times from rows whose every text field holds a
    marker, internal rows included; returns the last snapshot and the markers."""
    markers: dict[str, str] = {}
    editor = factories.UserFactory(username="eddie", role="editor")
    reviewer = factories.UserFactory(username="rita", role="reviewer")
    markers.update(fill(editor, skip={"username"}))
    claim_text = "The port moved zqclaimxtextqz containers."
    body = f"Harbour news\n\nzqarticlexbodyqz opens the story. {claim_text} More."
    article = Article.objects.create(title="t", body=body, published_on=PUBLISHED_ON)
    markers.update(fill(article, skip={"body"}))
    markers["zqarticlexbodyqz"] = "annotations.Article.body"
    markers[str(PUBLISHED_ON)] = "annotations.Article.published_on"
    checked, unchecked = factories.claims_for(
        article, [claim_text, "More."], checkworthiness=0.9
    )
    markers["zqclaimxtextqz"] = "annotations.Claim.text"
    markers.update(fill(checked, skip={"text"}))
    scale = RatingScale.objects.get(is_default=True)
    markers.update(fill(scale))
    label = RatingLabel.objects.get(scale=scale, slug="true")
    markers.update(fill(label))
    source = Source.objects.create(title="s")
    markers.update(fill(source))
    markers.update(
        fill(Citation.objects.create(claim=checked, source=source, added_by=reviewer))
    )
    markers.update(
        fill(Rating.objects.create(claim=checked, reviewer=reviewer, label=label))
    )
    markers.update(fill(Comment(claim=checked, author=reviewer)))
    gap = SourcingGap.objects.create(
        claim=checked, kind="no_archive", opened_at=article.created_at,
        last_seen_at=article.created_at,
    )  # fmt: skip
    markers.update(fill(gap))
    verdict = Verdict(
        claim=checked, label=label, approved_by=editor, approved_at=article.created_at
    )
    markers.update(fill(verdict))
    Claim.objects.filter(pk=checked.pk).update(status="approved")
    Claim.objects.filter(pk=unchecked.pk).update(dismissed_reason="zqinternalqz")
    for number, note in enumerate(["", "zqrevisionxnoteqz", "zqrevisionxnoteqz"]):
        report_services.article_publish(
            article=article, user=editor, override_reason="zqrevisionxoverridereasonqz",
            note=note,
        )  # fmt: skip
        Verdict.objects.filter(pk=verdict.pk).update(explanation=f"{number}zq")
        Verdict.objects.filter(pk=verdict.pk).update(
            explanation=f"zqverdictxexplanationqz{number}"
        )
    markers["zqrevisionxnoteqz"] = "reports.ReportRevision.note"
    markers["zqrevisionxoverridereasonqz"] = "reports.ReportRevision.override_reason"
    latest = article.report_revisions.order_by("-number").first()
    return latest.snapshot, markers


def test_the_list_names_exactly_what_the_snapshot_publishes(published_snapshot):
    """A new field the snapshot publishes, or one it stops publishing, fails here
    until reports/published_fields.py says so (and its inputs carry the notice)."""
    snapshot, markers = published_snapshot
    found = {
        (re.sub(r"^\.", "", path), source)
        for path, text in walk(snapshot)
        for value, source in markers.items()
        if value in text
    } - CONTAINED
    listed = {(text.path, text.source) for text in PUBLISHED_TEXTS}
    assert found == listed


def test_nothing_internal_is_in_the_snapshot(published_snapshot):
    snapshot, markers = published_snapshot
    everything = "\n".join(text for _path, text in walk(snapshot))
    internal = {
        "annotations.Citation.note",
        "annotations.Rating.rationale",
        "annotations.Comment.body",
        "annotations.SourcingGap.detail",
        "annotations.Claim.dismissed_reason",
    }
    leaked = [
        source
        for value, source in markers.items()
        if source in internal and value in everything
    ]
    assert leaked == []
    assert "zqinternalqz" not in everything


def test_every_published_text_has_inputs_or_says_why_not():
    for text in PUBLISHED_TEXTS:
        assert bool(text.inputs) != bool(text.why_no_input), text.path


# --- the inputs -----------------------------------------------------------------------


def _class(dotted: str):
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def admin_form_fields(model) -> dict[str, django_forms.Field]:
    """The fields of every admin form that edits `model`: its model admin's, and
    those of the inlines (on other models' admins) whose model it is."""
    request = _superuser_request()
    fields: dict[str, django_forms.Field] = {}
    for registered, model_admin in admin.site._registry.items():
        if registered is model and model_admin.has_change_permission(request):
            fields.update(model_admin.get_form(request)().fields)
        for inline in model_admin.get_inline_instances(request):
            if inline.model is model and inline.has_change_permission(request):
                fields.update(inline.get_formset(request).form().fields)
    return fields


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _schema_description(schema, serializer: str, field: str) -> str:
    components = schema["components"]["schemas"]
    name = serializer.removesuffix("Serializer")
    for candidate in (name, f"{name}Request", f"Patched{name}Request"):
        if candidate in components:
            return components[candidate]["properties"][field].get("description", "")
    raise AssertionError(f"{serializer} is in no component of the schema")


def help_of(name: str, schema) -> str:
    """The words beside the input `name` (reports/published_fields.py's notation)."""
    kind, _, where = name.partition(":")
    if kind == "form":
        cls, _, field = where.rpartition(".")
        return str(_class(cls).base_fields[field].help_text)
    if kind == "api":
        cls, _, field = where.rpartition(".")
        in_code = str(_class(cls)().fields[field].help_text)
        assert in_code in _schema_description(schema, cls.rpartition(".")[2], field)
        return in_code
    if kind == "admin":
        label, _, field = where.rpartition(".")
        fields = admin_form_fields(apps.get_model(label))
        assert field in fields, f"the admin has no editable {name}"
        return str(fields[field].help_text)
    raise AssertionError(f"unknown kind of input {name!r}")


def test_every_listed_form_api_and_admin_field_says_it_is_published(schema):
    missing = [
        name
        for name in sorted(inputs())
        if not name.startswith("page:")
        and not help_of(name, schema).endswith(PUBLISHED)
    ]
    assert missing == []


def _every_input():
    """Every field of every form, API request serializer and admin form."""
    for module in ("desk.forms", "desk.forms_segments"):
        for _name, cls in inspect.getmembers(importlib.import_module(module)):
            if inspect.isclass(cls) and issubclass(cls, django_forms.BaseForm):
                for field, value in cls.base_fields.items():
                    yield f"form:{cls.__module__}.{cls.__name__}.{field}", value
    for module in ("api.serializers", "api.reports"):
        for _name, cls in inspect.getmembers(importlib.import_module(module)):
            if (
                inspect.isclass(cls)
                and issubclass(cls, drf_serializers.Serializer)
                and cls.__module__ == module
            ):
                for field, value in cls().fields.items():
                    if not value.read_only:
                        yield f"api:{module}.{cls.__name__}.{field}", value
    for model in admin.site._registry:
        for field, value in admin_form_fields(model).items():
            label = f"{model._meta.app_label}.{model.__name__}"
            yield f"admin:{label}.{field}", value


def test_no_other_input_claims_to_be_published():
    """The notice means something only if it is never on a field that stays on
    the desk; and no field says both."""
    listed = inputs()
    wrong = sorted(
        name
        for name, field in _every_input()
        if PUBLISHED in str(field.help_text or "") and name not in listed
    )
    assert wrong == []
    both = [
        name
        for name, field in _every_input()
        if PUBLISHED in str(field.help_text or "")
        and INTERNAL in str(field.help_text or "")
    ]
    assert both == []


def test_internal_notes_beside_published_fields_say_they_stay_internal():
    notes = {
        "form:desk.forms.CitationForm.note",
        "form:desk.forms.CitationEditForm.note",
        "form:desk.forms.RatingForm.rationale",
        "api:api.serializers.CitationCreateSerializer.note",
        "api:api.serializers.CitationUpdateSerializer.note",
        "api:api.serializers.RatingSetSerializer.rationale",
        "api:api.reports.UnpublishSerializer.reason",
    }
    helps = {name: str(field.help_text) for name, field in _every_input()}
    assert {name for name in notes if INTERNAL in helps[name]} == notes


# --- the pages --------------------------------------------------------------------


def _help_beside(html: str, element_id: str) -> str:
    match = re.search(
        rf'id="{re.escape(element_id)}"[^>]*aria-describedby="{re.escape(element_id)}'
        rf'-help".*?<p class="help" id="{re.escape(element_id)}-help">([^<]*)</p>',
        html,
        re.S,
    )
    assert match, f"no help beside #{element_id}"
    return match.group(1)


def test_the_fields_templates_write_themselves_say_so_too(editor, reviewer):
    article = factories.ArticleFactory()
    claim, other = factories.claims_for(article, checkworthiness=0.9)
    source = factories.SourceFactory()
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer
    )
    client = Client()
    client.force_login(reviewer)
    panel = client.get(
        reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    for name in sorted(n for n in inputs() if n.startswith("page:claim-panel:")):
        element = name.rpartition(":")[2].format(citation=citation.pk)
        assert _help_beside(panel, element) == PUBLISHED, name
    assert _help_beside(panel, f"cite-edit-note-{citation.pk}") == INTERNAL
    # The publish page: published once, with its note and early-publish reason.
    label = RatingLabel.objects.get(scale__is_default=True, slug="true")
    Verdict.objects.create(
        claim=claim, label=label, explanation="x", approved_by=editor,
        approved_at=article.created_at,
    )  # fmt: skip
    Claim.objects.filter(pk=claim.pk).update(status="approved")
    assert other.status == "open"  # left unapproved: publishing is early
    report_services.article_publish(article=article, user=editor, override_reason="r")
    Verdict.objects.filter(claim=claim).update(explanation="y")
    client.force_login(editor)
    page = client.get(reverse("report-publish", args=[article.pk])).content.decode()
    for name in sorted(n for n in inputs() if n.startswith("page:report-publish:")):
        assert _help_beside(page, name.rpartition(":")[2]) == PUBLISHED, name
    assert INTERNAL in _help_beside(page, "unpublish-reason")
