"""Issue 17, "Done when": an article in Spanish, Arabic, German, Armenian and Hindi
imports through the desk's import service with the right language and sensible
segments, is checked and published, and its report renders in its own script in
HTML and PDF: labels from its catalogue, the right direction, and a real glyph for
every character.

The articles under tests/data/report_articles/ were written for these tests; the
segment lists below were checked by reading them.
"""

# ruff: noqa: RUF001

from pathlib import Path

import lxml.html
import pytest

from annotations import services as desk
from annotations.models import Claim
from annotations.services.system import SYSTEM
from reports import services
from reports.exporters import get
from tests.report_fixtures import verify_article
from tests.reports.test_report_scripts import _drawn, _heads, _letters, _require_fonts

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "report_articles"

CASES = {
    "es-vivienda.txt": {
        "language": "es",
        "direction": "ltr",
        "segments": [
            ("headline", "Valencia aprueba un plan de vivienda pública de 120 "
             "millones"),
            ("byline", "Por Lucía Herrera"),
            ("dateline", "VALENCIA (Agencia) —"),
            ("claim", "El pleno municipal aprobó el martes un plan de vivienda pública "
             "dotado con 120 millones de euros."),
            ("claim", "El plan prevé construir 1.800 pisos de alquiler asequible antes "
             "de 2030, según informó la concejala de Urbanismo, Marta Soler."),
            ("claim", "La oposición criticó que el plan no detalla de dónde saldrán "
             "los fondos."),
            ("claim", '"Es un anuncio sin calendario ni financiación", afirmó el '
             "portavoz del grupo popular."),
            ("claim", "Según el Instituto Nacional de Estadística, el precio medio del "
             "alquiler en la ciudad subió un 14 % el año pasado."),
            ("claim", "Los sindicatos de inquilinos pidieron que la mitad de las "
             "viviendas se reserve para menores de 35 años."),
        ],
        "labels": ["Los veredictos de un vistazo", "Nuestro veredicto", "Pruebas"],
    },
    "ar-miyah.txt": {
        "language": "ar",
        "direction": "rtl",
        "segments": [
            ("headline", "الحكومة تعلن خطة لتحلية مياه البحر في الساحل الجنوبي"),
            ("dateline", "عمّان (وكالات) -"),
            ("claim", "أعلنت وزارة المياه يوم الأحد عن خطة لبناء محطة "
             "لتحلية مياه البحر بتكلفة 900 مليون دولار."),
            ("claim", "وقال وزير المياه إن المحطة ستنتج 300 مليون متر مكعب سنويًا "
             "بحلول عام 2029."),
            ("claim", "وأضاف الوزير أن المشروع سيغطي احتياجات نحو ثلاثة ملايين شخص "
             "من مياه الشرب."),
            ("claim", "ولم تحدد الوزارة بعد الجهة التي ستموّل المرحلة الثانية من "
             "المشروع."),
            ("claim", "وبحسب تقرير للبنك الدولي، يُعد الأردن من أفقر دول العالم في "
             "الموارد المائية."),
            ("claim", "وانتقد خبراء بيئيون الخطة، قائلين إن التكلفة الحقيقية للطاقة "
             "لم تُحتسب."),
        ],
        "labels": ["الأحكام في لمحة", "حكمنا", "الأدلة"],
    },
    "de-radwege.txt": {
        "language": "de",
        "direction": "ltr",
        "segments": [
            ("headline", "Stadt Leipzig will 80 Kilometer neue Radwege bauen"),
            ("byline", "Von Jonas Becker"),
            ("dateline", "LEIPZIG (dpa) –"),
            ("claim", "Der Stadtrat hat am Mittwoch ein Programm für 80 Kilometer neue "
             "Radwege beschlossen."),
            ("claim", "Die Kosten liegen nach Angaben der Verwaltung bei 46 Millionen "
             "Euro bis zum Jahr 2030."),
            ("claim", "Oberbürgermeister Klaus Fischer sagte, der Anteil des "
             "Radverkehrs solle von 18 auf 25 Prozent steigen."),
            ("claim", "Der Einzelhandelsverband kritisierte, dass dafür rund 1.200 "
             "Parkplätze wegfallen."),
            ("claim", "Laut einer Umfrage des Statistischen Landesamts fühlen sich 61 "
             "Prozent der Radfahrer in der Innenstadt nicht sicher."),
            ("claim", "Die ersten Abschnitte sollen im Frühjahr fertig sein."),
        ],
        "labels": ["Die Urteile im Überblick", "Unser Urteil", "Belege"],
    },
    "hy-dprocner.txt": {
        "language": "hy",
        "direction": "ltr",
        "segments": [
            ("headline", "Կառավարությունը 40 նոր դպրոց կկառուցի մարզերում"),
            ("dateline", "Երևան, հոկտեմբերի 14 —"),
            ("claim", "Կառավարությունը հինգշաբթի հաստատել է "
             "40 նոր դպրոցի կառուցման ծրագիրը։"),
            ("claim", "Ծրագրի արժեքը կազմում է 95 միլիարդ դրամ։"),
            ("claim", "Կրթության նախարարի խոսքով՝ դպրոցները կսպասարկեն շուրջ 30 "
             "հազար աշակերտի։"),
            ("claim", "Առաջին տասը դպրոցը կբացվի 2027 թվականին։"),
            ("claim", "Ընդդիմությունը պնդում է, որ ծրագրի ֆինանսավորման աղբյուրները "
             "հստակ չեն։"),
            ("claim", "Վիճակագրական կոմիտեի տվյալներով՝ մարզերում դպրոցների կեսից "
             "ավելին վերանորոգման կարիք ունի։"),
        ],
        "labels": ["Վճիռները մեկ հայացքով", "Մեր վճիռը", "Ապացույցներ"],
    },
    "hi-metro.md": {
        "language": "hi",
        "direction": "ltr",
        "segments": [
            ("headline", "राज्य सरकार ने नई मेट्रो लाइन को मंजूरी दी"),
            # Hindi datelines end with a danda: the dateline is a segment of its
            # own.
            ("dateline", "लखनऊ, 14 अक्टूबर (एजेंसी)।"),
            ("claim", "राज्य मंत्रिमंडल ने बुधवार को 22 किलोमीटर लंबी नई मेट्रो लाइन "
             "को मंजूरी दी।"),
            ("claim", "इस परियोजना पर 6,800 करोड़ रुपये खर्च होंगे।"),
            ("claim", "परिवहन मंत्री ने कहा कि यह लाइन 2028 तक चालू हो जाएगी।"),
            ("claim", "उनके अनुसार इससे रोज़ करीब तीन लाख यात्रियों को फायदा होगा।"),
            ("claim", "विपक्ष ने आरोप लगाया कि परियोजना की लागत पिछले साल के अनुमान "
             "से 40 प्रतिशत ज़्यादा है।"),
            ("claim", "शहरी विकास विभाग के आंकड़ों के अनुसार शहर में हर साल वाहनों की "
             "संख्या 9 प्रतिशत बढ़ रही है।"),
        ],
        "labels": ["एक नज़र में निष्कर्ष", "हमारा निष्कर्ष", "साक्ष्य"],
    },
}  # fmt: skip


def _import(name):
    path = ARTICLES / name
    return desk.article_import_file(
        data=path.read_bytes(), filename=path.name, created_by=SYSTEM
    )


@pytest.fixture
def published(request, reviewer, editor):
    """The article imported, its check-worthy claims approved, its report published:
    (case, article, the frozen snapshot)."""
    name = request.param
    article = _import(name)
    verify_article(article, reviewer=reviewer, editor=editor)
    revision = services.article_publish(article=article, user=editor)
    return CASES[name], article, revision.snapshot


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_article_imports_in_its_language_with_sensible_segments(name):
    case = CASES[name]
    article = _import(name)
    assert article.language == case["language"]
    segments = list(Claim.objects.filter(article=article).order_by("start"))
    assert [(claim.kind, claim.text) for claim in segments] == case["segments"]
    for claim in segments:
        assert article.body[claim.start : claim.end] == claim.text


@pytest.mark.parametrize("published", sorted(CASES), indirect=True)
def test_the_html_report_is_in_its_script_and_direction(published):
    case, article, snapshot = published
    assert snapshot["claims"], "nothing was checked"
    page = get("html").render(snapshot).decode("utf-8")
    root = lxml.html.document_fromstring(page.encode("utf-8"))
    assert root.get("lang") == case["language"]
    assert root.get("dir") == case["direction"]
    assert root.xpath("//h1")[0].text_content() == article.title
    text = root.text_content()
    for label in case["labels"]:
        assert label in text
    for claim in snapshot["claims"]:
        assert claim["text"] in text


@pytest.mark.parametrize("published", sorted(CASES), indirect=True)
def test_the_pdf_report_prints_its_script_with_real_glyphs(published):
    _require_fonts()
    case, article, snapshot = published
    pdf = get("pdf").render(snapshot)
    drawn = _drawn(pdf)
    assert [entry for entry in drawn if not entry[4]] == []
    assert [entry for entry in drawn if not entry[3] and _letters(entry[2])] == []
    printed = _letters("".join(entry[2] for entry in drawn))
    assert _heads(article.title) <= printed
    for claim in snapshot["claims"]:
        assert _heads(claim["text"]) <= printed
    for label in case["labels"]:
        assert _heads(label) <= printed
