"""The default rating scale is named in our own words, not after a trademark."""

import importlib

import pytest
from django.apps import apps

from annotations.models import RatingScale
from annotations.ratingscale import DEFAULT_SCALE
from reports.exporters import get
from tests.reports.snapshots import seed_snapshot

TRADEMARK = "Truth-O-Meter"

rename = importlib.import_module("annotations.migrations.0013_default_scale_name")


@pytest.mark.django_db
def test_a_new_desk_gets_a_scale_named_in_our_words():
    scale = RatingScale.objects.get(is_default=True)
    assert TRADEMARK not in scale.name
    assert scale.name == DEFAULT_SCALE["name"]


@pytest.mark.django_db
def test_the_migration_renames_the_former_name_only():
    scale = RatingScale.objects.get(slug=DEFAULT_SCALE["slug"])
    scale.name = rename.FORMER_DEFAULT_NAME
    scale.save(update_fields=["name"])
    own = RatingScale.objects.create(name="Our newsroom's scale", slug="ours")
    rename.forwards(apps, None)
    scale.refresh_from_db()
    own.refresh_from_db()
    assert scale.name == DEFAULT_SCALE["name"] == rename.DEFAULT_NAME
    assert own.name == "Our newsroom's scale"


@pytest.mark.parametrize("identifier", ["html", "md"])
def test_the_public_methodology_names_no_trademark(identifier):
    shown = get(identifier).render(seed_snapshot()).decode("utf-8")
    assert "Rating scale" in shown
    assert TRADEMARK not in shown
