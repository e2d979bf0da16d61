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


def ensure_default_scale():
    """The default scale and its labels, created if missing; edits are never
    overwritten. The desk's own write (`services.system.default_scale_ensure`)."""
    from annotations.services import system

    return system.default_scale_ensure(DEFAULT_SCALE)
