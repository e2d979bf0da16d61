from django.db import migrations

# Frozen here (a migration never imports live code): the default scale's slug, the
# name it had, and the name it has now.
DEFAULT_SLUG = "default"
FORMER_DEFAULT_NAME = "Truth-O-Meter style"
DEFAULT_NAME = "Five steps from True to False"


def forwards(apps, schema_editor):
    # Only the name a desk never changed: a scale it renamed keeps its own name.
    apps.get_model("annotations", "RatingScale").objects.filter(
        slug=DEFAULT_SLUG, name=FORMER_DEFAULT_NAME
    ).update(name=DEFAULT_NAME)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0012_background_jobs")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
