from django.db import migrations


def forwards(apps, schema_editor):
    from annotations.ratingscale import DEFAULT_SCALE, FORMER_DEFAULT_NAME

    # Only the name a desk never changed: a scale it renamed keeps its own name.
    apps.get_model("annotations", "RatingScale").objects.filter(
        slug=DEFAULT_SCALE["slug"], name=FORMER_DEFAULT_NAME
    ).update(name=DEFAULT_SCALE["name"])


class Migration(migrations.Migration):
    dependencies = [("annotations", "0011_claim_text_trigrams")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
