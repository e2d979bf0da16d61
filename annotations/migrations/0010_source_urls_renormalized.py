"""Re-key stored sources by the longer tracking-parameter list (annotations.sources).

A source stored with, say, `?_hsenc=...` in its normalized URL gets the key a new
citation of the same document computes now, so new cites find it. Rows are never
merged: when the new key is already another source's, both rows stay as they are
(their citations are reviewers' work), and new cites find the row that holds the key.
"""

from django.db import migrations


def renormalize(apps, schema_editor):
    from annotations.sources import normalize_url

    Source = apps.get_model("annotations", "Source")
    taken = set(
        Source.objects.exclude(normalized_url="").values_list(
            "normalized_url", flat=True
        )
    )
    rows = Source.objects.exclude(url="").only("pk", "url", "normalized_url")
    for source in rows.order_by("pk").iterator(chunk_size=500):
        try:
            key = normalize_url(source.url)
        except ValueError:
            continue
        if key == source.normalized_url or key in taken:
            continue
        taken.discard(source.normalized_url)
        taken.add(key)
        Source.objects.filter(pk=source.pk).update(normalized_url=key)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0009_article_duplicate_detection")]

    operations = [migrations.RunPython(renormalize, migrations.RunPython.noop)]
