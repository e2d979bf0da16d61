# ruff: noqa: RUF001 (the sentences hold other scripts' look-alike letters on purpose)
"""The PDF has a real glyph for every character of every script the desk imports
(docs/REPORTS-I18N.md, "Fonts"), and markup-like text prints as the literal text.

A character no font covers is drawn with a glyph id the embedded font does not have
(or .notdef, id 0): a box, "tofu". So the check reads the PDF itself:
for every run of text, the glyph ids it draws under each embedded font, each of which
must be a glyph the font holds with an outline, and the characters the ToUnicode
maps give back for them, which must include every character of the sentences.

The fonts are Debian's fonts-noto-core and fonts-noto-cjk (README, "Requirements").
Without them the test skips on a developer machine and fails in CI
(FACTCHECK_REQUIRE_SERVICES=1).
"""

import io
import os
import re
import shutil
import subprocess
import unicodedata

import pytest

from reports.exporters import get
from tests.reports.snapshots import seed_snapshot

pypdf = pytest.importorskip("pypdf")
from fontTools.cffLib import CFFFontSet  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

# One short news sentence per script, written for this test.
SENTENCES = {
    "Latin": "The council approved twelve new buses on Tuesday, the mayor said.",
    "Arabic": "أعلنت وزارة الصحة يوم الاثنين افتتاح ثلاثة مستشفيات جديدة في الجنوب.",
    "Hebrew": "משרד האוצר פרסם ביום שלישי את נתוני האבטלה החדשים.",
    "Devanagari": "सरकार ने मंगलवार को नई रेल लाइन की घोषणा की।",
    "Armenian": "Կառավարությունը երեքշաբթի հաստատեց նոր բյուջեն։",
    "Ethiopic": "መንግሥት አዲስ የመንገድ ፕሮጀክት ዛሬ አስታወቀ።",
    "Bengali": "সরকার সোমবার নতুন সেতুর উদ্বোধন করেছে।",
    "Tamil": "மாநகராட்சி புதிய பேருந்து நிலையத்தை திறந்தது.",
    "Malayalam": "സംസ്ഥാന സർക്കാർ പുതിയ പദ്ധതി പ്രഖ്യാപിച്ചു.",
    "Gurmukhi": "ਸਰਕਾਰ ਨੇ ਨਵੀਂ ਸਿੱਖਿਆ ਨੀਤੀ ਦਾ ਐਲਾਨ ਕੀਤਾ।",
    "Thai": "รัฐบาลประกาศงบประมาณใหม่เมื่อวันอังคาร",
    "Georgian": "მთავრობამ სამშაბათს ახალი ბიუჯეტი დაამტკიცა.",
    "Myanmar": "အစိုးရက ယနေ့ ဘတ်ဂျက်အသစ်ကို ကြေညာခဲ့သည်။",
    "Greek": "Η κυβέρνηση ανακοίνωσε νέα μέτρα την Τρίτη.",
    "Cyrillic": "Правительство утвердило новый бюджет во вторник.",
    "Chinese": "政府周二宣布了新的预算，涉及交通和教育。",
    "Japanese": "政府は火曜日に新しい予算を発表した。",
    "Korean": "정부는 화요일에 새 예산을 발표했다.",
}
# Markup of every kind a renderer might read: HTML, a Jinja or Django template,
# Typst, LaTeX, Markdown. Each must come out as the characters typed.
HOSTILE = [
    "<script>alert(1)</script>",
    "</body></html>",
    '#set page(fill: red) #text("pwned")',
    "\\begin{document} \\input{/etc/passwd}",
    "{{ secret }} {% include 'x' %}",
    "**bold** [link](javascript:alert(1))",
]


def _noto_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    for family in ("Noto Sans", "Noto Sans Arabic", "Noto Sans CJK SC"):
        found = subprocess.run(
            ["fc-list", f":family={family}", "family"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        if not found.strip():
            return False
    return True


def _require_fonts():
    try:
        import typst  # noqa: F401
    except ImportError as error:
        reason = f"Typst cannot load: {error}"
    else:
        if _noto_installed():
            return
        reason = "the Noto fonts (fonts-noto-core, fonts-noto-cjk) are not installed"
    if os.environ.get("FACTCHECK_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _snapshot(body: str, language: str = "en") -> dict:
    snapshot = seed_snapshot()
    snapshot["article"]["body"] = body
    snapshot["article"]["title"] = "Scripts"
    snapshot["article"]["language"] = language
    snapshot["claims"] = []
    snapshot["coverage"]["by_verdict"] = {}
    return snapshot


@pytest.fixture(scope="module")
def scripts_pdf() -> bytes:
    _require_fonts()
    body = "\n\n".join(SENTENCES.values())
    return get("pdf").render(_snapshot(body))


def _to_unicode(font) -> dict[int, str]:
    """Glyph id → text, from the font's ToUnicode CMap (bfchar and bfrange)."""
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, target in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(target, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


class _BareCff:
    """A font embedded as a bare CFF table (FontFile3 /CIDFontType0C, how the CJK
    OpenType fonts are embedded), with the two questions the checks ask."""

    def __init__(self, data: bytes):
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        self.top = cff.topDictIndex[0]
        self.count = len(self.top.charset)

    def glyph_count(self) -> int:
        return self.count

    def has_outline(self, glyph_id: int) -> bool:
        charstring = self.top.CharStrings[self.top.charset[glyph_id]]
        charstring.decompile()
        # An empty CFF glyph is just its width and endchar.
        return len(charstring.program) > 2


class _OpenType:
    def __init__(self, data: bytes):
        self.font = TTFont(io.BytesIO(data))

    def glyph_count(self) -> int:
        return self.font["maxp"].numGlyphs

    def has_outline(self, glyph_id: int) -> bool:
        name = self.font.getGlyphName(glyph_id)
        if "glyf" in self.font:
            return self.font["glyf"][name].numberOfContours != 0
        top = self.font["CFF "].cff.topDictIndex[0]
        charstring = top.CharStrings[name]
        charstring.decompile()
        return len(charstring.program) > 2


def _embedded_font(font):
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    descriptor = descriptor.get_object()
    for key in ("/FontFile2", "/FontFile3", "/FontFile"):
        if key in descriptor:
            stream = descriptor[key].get_object()
            data = stream.get_data()
            if stream.get("/Subtype") in ("/CIDFontType0C", "/Type1C"):
                return _BareCff(data)
            return _OpenType(data)
    raise AssertionError(f"{font['/BaseFont']} is not embedded")


def _drawn(pdf: bytes):
    """(font name, glyph id, text of the glyph, has an outline) for every glyph the
    PDF draws, and the glyph count of each embedded font."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    drawn = []
    for page in reader.pages:
        fonts = {
            name.lstrip("/"): reference.get_object()
            for name, reference in page["/Resources"]["/Font"].items()
        }
        unicode_maps = {name: _to_unicode(font) for name, font in fonts.items()}
        embedded = {name: _embedded_font(font) for name, font in fonts.items()}
        current = None
        # Parsed by pypdf, so hex and literal strings ("<0041>", "(\\000A)") read alike.
        content = pypdf.generic.ContentStream(page.get_contents(), reader)
        for operands, operator in content.operations:
            if operator == b"Tf":
                current = str(operands[0]).lstrip("/")
                continue
            if operator == b"TJ":
                runs = [item for item in operands[0] if isinstance(item, str | bytes)]
            elif operator == b"Tj":
                runs = [operands[0]]
            else:
                continue
            embedded_font = embedded[current]
            glyph_count = embedded_font.glyph_count()
            for run in runs:
                codes = getattr(run, "original_bytes", run)
                for index in range(0, len(codes), 2):
                    glyph_id = int.from_bytes(codes[index : index + 2], "big")
                    known = 0 < glyph_id < glyph_count
                    drawn.append(
                        (
                            fonts[current]["/BaseFont"],
                            glyph_id,
                            unicode_maps[current].get(glyph_id, ""),
                            known and embedded_font.has_outline(glyph_id),
                            known,
                        )
                    )
    return drawn


def _letters(value: str) -> set[str]:
    """The characters that must show as ink: no spaces, no format controls.
    Decomposed (NFD), as the shaper splits a two-part vowel sign (Bengali "ো")
    into the two glyphs it is drawn with."""
    return {
        character
        for character in unicodedata.normalize("NFD", value)
        if not character.isspace() and unicodedata.category(character) != "Cf"
    }


def _heads(value: str) -> set[str]:
    """The characters that must come back from the text layer: every letter,
    digit and punctuation mark that starts a cluster. Not the vowel signs and
    medials (Myanmar "ြ" is drawn before its consonant) nor a consonant after a
    virama (Malayalam "പ്ര" is the ra-sign glyph before "പ"): the shaper reorders
    or joins those into the cluster's glyphs, and the PDF gives the cluster's
    text to one glyph id only, so they are drawn (the glyph checks above see
    every glyph) but may be missing from the extracted text."""
    decomposed = unicodedata.normalize("NFD", value)
    return {
        character
        for index, character in enumerate(decomposed)
        if character in _letters(character)
        and not unicodedata.category(character).startswith("M")
        and not (index and unicodedata.combining(decomposed[index - 1]) == 9)
    }


def test_every_character_of_every_script_has_a_real_glyph(scripts_pdf):
    drawn = _drawn(scripts_pdf)
    tofu = [(font, glyph) for font, glyph, _text, _ink, known in drawn if not known]
    assert tofu == [], "characters drawn as .notdef or a glyph the font lacks"
    blank = [
        (font, text)
        for font, _glyph, text, ink, _known in drawn
        if not ink and _letters(text)
    ]
    assert blank == [], "letters drawn with an empty glyph"
    printed = _letters("".join(text for _font, _glyph, text, _ink, _known in drawn))
    for script, sentence in SENTENCES.items():
        missing = _heads(sentence) - printed
        assert not missing, f"{script}: {sorted(missing)} not in the PDF"


def test_each_script_is_set_in_a_font_made_for_it(scripts_pdf):
    fonts = {font for font, *_rest in _drawn(scripts_pdf)}
    # PostScript names, written "NotoNaskhArabic-Regular" by some engines and
    # "Noto-Naskh-Arabic" by others: compared without hyphens.
    names = " ".join(str(font) for font in fonts).replace("-", "")
    for family in (
        "Noto-Naskh-Arabic",
        "Noto-Serif-Hebrew",
        "Noto-Serif-Devanagari",
        "Noto-Serif-Armenian",
        "Noto-Serif-Ethiopic",
        "Noto-Serif-Bengali",
        "Noto-Serif-Tamil",
        "Noto-Serif-Malayalam",
        "Noto-Serif-Gurmukhi",
        "Noto-Serif-Thai",
        "Noto-Serif-Georgian",
        "Noto-Serif-Myanmar",
        "Noto-Serif-CJK",
    ):
        found = sorted(map(str, fonts))
        assert family.replace("-", "") in names, f"no {family} among {found}"


def test_the_arabic_report_is_in_arabic_glyphs_with_its_labels(scripts_pdf):
    _require_fonts()
    pdf = get("pdf").render(_snapshot(SENTENCES["Arabic"], language="ar"))
    printed = _letters("".join(text for _font, _glyph, text, *_rest in _drawn(pdf)))
    assert _letters("الأحكام في لمحة") <= printed
    assert _letters("المقال مع التعليقات") <= printed


@pytest.mark.parametrize(
    ("script", "language", "labels"),
    [
        ("Armenian", "hy", ["Վճիռները մեկ հայացքով", "Հոդվածը՝ ծանոթագրություններով"]),
        ("Devanagari", "hi", ["एक नज़र में निष्कर्ष", "टिप्पणियों सहित लेख"]),
    ],
)
def test_the_armenian_and_hindi_reports_print_their_labels(script, language, labels):
    _require_fonts()
    pdf = get("pdf").render(_snapshot(SENTENCES[script], language=language))
    drawn = _drawn(pdf)
    assert [entry for entry in drawn if not entry[4]] == []
    printed = _letters("".join(text for _font, _glyph, text, *_rest in drawn))
    for label in labels:
        assert _letters(label) <= printed
    html = get("html").render(_snapshot(SENTENCES[script], language=language))
    assert "Verdicts at a glance" not in html.decode("utf-8")


def test_markup_like_text_prints_as_itself():
    _require_fonts()
    body = "\n\n".join(HOSTILE)
    snapshot = _snapshot(body)
    snapshot["article"]["title"] = HOSTILE[0]
    pdf = get("pdf").render(snapshot)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    printed = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(printed.split())
    for line in HOSTILE:
        assert line in flat, line
    # The body still ends where the report does: nothing after "</body>" was lost.
    assert "Corrections and updates" in flat


def test_the_check_sees_a_character_no_font_has():
    """The detector itself: an unassigned code point and a private-use one have no
    glyph anywhere, and both are found."""
    _require_fonts()
    pdf = get("pdf").render(_snapshot("Before \u0378 and \U000fff01 after."))
    drawn = _drawn(pdf)
    # Typst draws .notdef (glyph 0) for them, a glyph no text maps to, so the
    # detector must see glyphs the font lacks; the rest of the report has none.
    tofu = [entry for entry in drawn if not entry[4]]
    assert tofu
    assert all(glyph == 0 for _font, glyph, *_rest in tofu)
    clean = _drawn(get("pdf").render(_snapshot("Before and after.")))
    assert [entry for entry in clean if not entry[4]] == []
