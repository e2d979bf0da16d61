"""PostgreSQL only: the pg_trgm extension and a trigram index over approved claims'
text, for the "already checked" lookup (annotations.selectors.sourcing). Other
databases get nothing here: the lookup computes the same similarity in Python."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "claim_text_trgm_approved_idx"


class PostgresTrigramExtension(TrigramExtension):
    """TrigramExtension, whose forwards already skip other databases; so do its
    backwards here."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("annotations", "Claim")._meta.db_table
    # Partial: only approved claims are ever looked up by similarity.
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON {schema_editor.quote_name(table)} "
        "USING gin (text gin_trgm_ops) WHERE status = 'approved'"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_source_urls_renormalized")]

    operations = [
        PostgresTrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
