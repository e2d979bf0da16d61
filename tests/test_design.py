"""The design tokens of static/annotations/app.css and dark.css: every main text and
background pair meets WCAG 2.1 AA (4.5:1 for text, 3:1 for the lines and marks that
carry meaning), in the light and the dark scheme; and dark.css gives every colour
token a dark value."""

import re

import pytest

from tests.conftest import ROOT

STATIC = ROOT / "static" / "annotations"

# (foreground token, background token): text must reach 4.5:1.
TEXT_PAIRS = [
    ("ink", "bg"),
    ("ink", "card"),
    ("ink", "surface-2"),
    ("ink", "surface-3"),
    ("muted", "card"),
    ("muted", "bg"),
    ("muted", "surface-2"),
    ("accent", "card"),
    ("accent", "bg"),
    ("accent-ink", "accent"),
    ("topbar-ink", "topbar"),
    ("on-strong", "topbar"),
    ("badge-ink", "badge"),
    ("danger", "card"),
    ("danger-ink", "danger-bg"),
    ("ok-ink", "ok-bg"),
    ("ok-ink", "card"),
    ("warn-ink", "warn-bg"),
    ("warn-ink", "card"),
    ("ink", "info-bg"),
    ("ink", "accent-soft"),
    ("ink", "row-current"),
    # The article text on every highlight.
    ("ink", "open"),
    ("ink", "progress"),
    ("ink", "submitted"),
    ("ink", "returned"),
    ("ink", "approved"),
    ("ink", "false"),
    ("ink", "true"),
    ("ink", "neutral"),
    ("muted", "open"),  # a dismissed or non-claim segment never sits on a tint,
    # but a status glyph in its line colour does:
    ("open-line", "open"),
    ("progress-line", "progress"),
    ("submitted-line", "submitted"),
    ("returned-line", "returned"),
    ("approved-line", "approved"),
]

# Marks that carry meaning (status underlines, the focus ring, field borders): 3:1.
MARK_PAIRS = [
    ("open-line", "card"),
    ("progress-line", "card"),
    ("submitted-line", "card"),
    ("returned-line", "card"),
    ("approved-line", "card"),
    ("focus", "card"),
    ("focus", "bg"),
    ("line-strong", "card"),
    ("danger", "card"),
]


def tokens(path) -> dict[str, str]:
    """The custom properties of the stylesheet's first :root rule."""
    css = path.read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    block = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    return dict(re.findall(r"--([\w-]+)\s*:\s*([^;]+);", block))


def rgb(value: str) -> tuple[float, float, float]:
    value = value.strip()
    match = re.fullmatch(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})", value)
    assert match, f"not a hex colour: {value!r}"
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))


def luminance(colour: str) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


LIGHT = tokens(STATIC / "app.css")
DARK = {**LIGHT, **tokens(STATIC / "dark.css")}
SCHEMES = {"light": LIGHT, "dark": DARK}


def test_the_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#fff", "#ffffff") == pytest.approx(1.0)


def assert_contrast(scheme: str, fg: str, bg: str, minimum: float) -> None:
    colours = SCHEMES[scheme]
    ratio = contrast(colours[fg], colours[bg])
    assert ratio >= minimum, f"{scheme}: --{fg} on --{bg} is {ratio:.2f}:1"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("fg", "bg"), TEXT_PAIRS)
def test_text_meets_aa(scheme, fg, bg):
    assert_contrast(scheme, fg, bg, 4.5)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("fg", "bg"), MARK_PAIRS)
def test_meaningful_marks_meet_3_to_1(scheme, fg, bg):
    assert_contrast(scheme, fg, bg, 3)


def test_the_dark_submit_button_text():
    """dark.css sets the submit button's text itself (green is light there)."""
    assert contrast("#0d2315", DARK["ok"]) >= 4.5
    assert contrast(LIGHT["on-strong"], LIGHT["ok"]) >= 4.5


def test_dark_mode_redefines_every_colour():
    colours = {name for name, value in LIGHT.items() if value.strip().startswith("#")}
    missing = colours - set(tokens(STATIC / "dark.css"))
    assert not missing, f"dark.css has no value for {sorted(missing)}"


def test_statuses_differ_in_colour_not_only_in_lightness():
    """Open and in progress were yellow and orange; their tints are now far apart."""
    for scheme in SCHEMES.values():
        hues = {name: rgb(scheme[name]) for name in ("open", "progress", "submitted")}
        open_, progress = hues["open"], hues["progress"]
        distance = sum((a - b) ** 2 for a, b in zip(open_, progress, strict=True))
        assert distance**0.5 > 0.15
