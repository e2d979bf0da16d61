from django.db import migrations

# Frozen here (a migration does the same thing whenever it runs, whatever
# annotations.ratingscale becomes): the default scale as a fresh database got it when
# this copy was taken, so freezing changed nothing for a new desk.
SCALE = {
    "slug": "default",
    "name": "Five steps from True to False",
    "description": "Five labels from True to False, plus Misleading and Unverifiable.",
}
LABELS = [
    # name, slug, ordinal, polarity, description
    ("True", "true", 5, "true", "The claim is accurate."),
    ("Mostly true", "mostly-true", 4, "true", "Accurate but needs clarification."),
    ("Half true", "half-true", 3, "neutral", "Partly accurate, leaves out context."),
    ("Mostly false", "mostly-false", 2, "false", "An element of truth, but misleading."),
    ("False", "false", 1, "false", "The claim is not accurate."),
    ("Misleading", "misleading", None, "false", "Accurate facts, false impression."),
    ("Unverifiable", "unverifiable", None, "neutral", "Cannot be checked either way."),
]
GROUPS = ("reviewers", "editors")


def forwards(apps, schema_editor):
    RatingScale = apps.get_model("annotations", "RatingScale")
    RatingLabel = apps.get_model("annotations", "RatingLabel")
    scale, _ = RatingScale.objects.get_or_create(
        slug=SCALE["slug"],
        defaults={
            "name": SCALE["name"],
            "description": SCALE["description"],
            "is_default": not RatingScale.objects.filter(is_default=True).exists(),
        },
    )
    for position, (name, slug, ordinal, polarity, description) in enumerate(LABELS):
        RatingLabel.objects.get_or_create(
            scale=scale,
            slug=slug,
            defaults={
                "name": name,
                "ordinal": ordinal,
                "polarity": polarity,
                "description": description,
                "position": position,
            },
        )
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
