"""The default rating scale: five ordinal labels plus two off the scale."""

DEFAULT_SCALE = {
    "name": "Five steps from True to False",
    "slug": "default",
    "description": "Five labels from True to False, plus Misleading and Unverifiable.",
    "labels": [
        # name, slug, ordinal, polarity, description
        ("True", "true", 5, "true", "The claim is accurate."),
        ("Mostly true", "mostly-true", 4, "true", "Accurate but needs clarification."),
        (
            "Half true",
            "half-true",
            3,
            "neutral",
            "Partly accurate, leaves out context.",
        ),
        (
            "Mostly false",
            "mostly-false",
            2,
            "false",
            "An element of truth, but misleading.",
        ),
        ("False", "false", 1, "false", "The claim is not accurate."),
        (
            "Misleading",
            "misleading",
            None,
            "false",
            "Accurate facts, false impression.",
        ),
        (
            "Unverifiable",
            "unverifiable",
            None,
            "neutral",
            "Cannot be checked either way.",
        ),
    ],
}


def ensure_default_scale(scale_model=None, label_model=None):
    """Create the default scale and its labels if missing; never overwrites edits."""
    if scale_model is None:
        from annotations.models import RatingLabel, RatingScale

        scale_model, label_model = RatingScale, RatingLabel
    scale, _ = scale_model.objects.get_or_create(
        slug=DEFAULT_SCALE["slug"],
        defaults={
            "name": DEFAULT_SCALE["name"],
            "description": DEFAULT_SCALE["description"],
            "is_default": not scale_model.objects.filter(is_default=True).exists(),
        },
    )
    for position, (name, slug, ordinal, polarity, description) in enumerate(
        DEFAULT_SCALE["labels"]
    ):
        label_model.objects.get_or_create(
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
    return scale
