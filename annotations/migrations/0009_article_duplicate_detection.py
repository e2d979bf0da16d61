"""Duplicate-import detection: each article's normalized URL and body fingerprint,
indexed, and filled in for the articles already stored."""

import hashlib
import unicodedata

from django.conf import settings
from django.db import migrations, models


def fingerprint(text: str) -> str:
    # A frozen copy of annotations.ingest.body_fingerprint (a test keeps them equal).
    words = " ".join(unicodedata.normalize("NFC", text or "").casefold().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def fill(apps, schema_editor):
    from annotations.sources import normalize_url

    Article = apps.get_model("annotations", "Article")
    batch = []
    for article in Article.objects.only("pk", "url", "body").iterator(chunk_size=200):
        article.body_fingerprint = fingerprint(article.body)
        try:
            article.normalized_url = normalize_url(article.url) if article.url else ""
        except ValueError:
            article.normalized_url = ""
        batch.append(article)
        if len(batch) >= 200:
            Article.objects.bulk_update(batch, ["body_fingerprint", "normalized_url"])
            batch = []
    if batch:
        Article.objects.bulk_update(batch, ["body_fingerprint", "normalized_url"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0008_api_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="article",
            name="normalized_url",
            field=models.CharField(blank=True, editable=False, max_length=2000),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("normalized_url", ""), _negated=True),
                fields=["normalized_url"],
                name="article_normalized_url_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["body_fingerprint"], name="article_fingerprint_idx"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
