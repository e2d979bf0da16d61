"""The rescan outbox without a unique key (annotations.models.PendingRescan says
why): a new table with its own id, the waiting rows copied over, the old one
dropped. The rows are transient (claims waiting seconds for a rescan), so the copy
is small."""

from django.db import migrations, models


def copy_rows(apps, schema_editor):
    old = apps.get_model("annotations", "PendingRescan")
    new = apps.get_model("annotations", "PendingRescanNext")
    new.objects.bulk_create(
        new(claim_id=row.claim_id, requested_at=row.requested_at)
        for row in old.objects.order_by("requested_at", "claim_id")
    )


def copy_back(apps, schema_editor):
    old = apps.get_model("annotations", "PendingRescan")
    new = apps.get_model("annotations", "PendingRescanNext")
    seen = {}
    for row in new.objects.order_by("requested_at", "id"):
        seen.setdefault(row.claim_id, row.requested_at)
    old.objects.bulk_create(
        old(claim_id=claim, requested_at=at) for claim, at in seen.items()
    )


class Migration(migrations.Migration):
    dependencies = [("annotations", "0023_capture_job_bookkeeping")]

    operations = [
        migrations.CreateModel(
            name="PendingRescanNext",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("claim_id", models.BigIntegerField(db_index=True)),
                ("requested_at", models.DateTimeField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["requested_at", "id"], name="rescan_due")
                ],
            },
        ),
        migrations.RunPython(copy_rows, copy_back),
        migrations.DeleteModel(name="PendingRescan"),
        migrations.RenameModel(old_name="PendingRescanNext", new_name="PendingRescan"),
    ]
