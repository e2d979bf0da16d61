"""Reading the desk's query and form parameters."""


def int_or_none(value) -> int | None:
    """`value` as an integer, or None when it is missing or not one (a parameter a
    page can do without: a bad one is as if not given)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
