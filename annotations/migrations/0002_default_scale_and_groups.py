from django.db import migrations


def forwards(apps, schema_editor):
    from annotations.ratingscale import ensure_default_scale

    ensure_default_scale(apps.get_model("annotations", "RatingScale"), apps.get_model("annotations", "RatingLabel"))
    Group = apps.get_model("auth", "Group")
    for name in ("reviewers", "editors"):
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
