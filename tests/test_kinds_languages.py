"""Datelines, bylines, credits, captions and notes in the languages the splitter
supports, read from each language's data (kinds.FormRules, lexicon_<code>.py,
lexicon_kinds.py, the month names of data/sentences/<code>.txt). Every line here
was written for these tests in the style of each language's news copy."""

# This module holds typographic quotes, dashes and marks of many scripts on purpose.
# ruff: noqa: RUF001

import pytest

from annotations.extraction.splitting import claims, extract_claims, languages
from annotations.extraction.splitting.types import Kind

# (language, a story's first paragraph, its dateline): a place, a date in the
# language's month names and digits of any script, an agency in brackets or
# slashes, then a dash or the script's terminal.
DATELINES = [
    ("es", "Valencia, 14 de octubre (EFE) — El Ayuntamiento aprobó el plan.",
     "Valencia, 14 de octubre (EFE) —"),
    ("es", "Bilbao, 3 nov (Europa Press) - El paro bajó un 2 %.",
     "Bilbao, 3 nov (Europa Press) -"),
    ("pt", "Lisboa, 14 out (Lusa) - O Governo aprovou o orçamento.",
     "Lisboa, 14 out (Lusa) -"),
    ("pt", "Rio de Janeiro, 2 de março — A prefeitura fechou 12 escolas.",
     "Rio de Janeiro, 2 de março —"),
    ("fr", "Marseille, 14 octobre (AFP) - La préfecture a fermé trois plages.",
     "Marseille, 14 octobre (AFP) -"),
    ("de", "Hamburg, 14. Oktober (dpa) - Der Senat hat den Haushalt beschlossen.",
     "Hamburg, 14. Oktober (dpa) -"),
    ("ar", "عمّان (وكالات) - أعلنت الحكومة خطة جديدة للمياه.", "عمّان (وكالات) -"),
    ("ar", "دمشق، ١٤ أكتوبر (رويترز) - أعلنت الحكومة رفع الأجور.",
     "دمشق، ١٤ أكتوبر (رويترز) -"),
    ("hi", "लखनऊ, 14 अक्टूबर (एजेंसी)। राज्य सरकार ने योजना को मंजूरी दी।",
     "लखनऊ, 14 अक्टूबर (एजेंसी)।"),
    ("hi", "नई दिल्ली, १४ अक्टूबर (भाषा)। केंद्र सरकार ने नई नीति जारी की।",
     "नई दिल्ली, १४ अक्टूबर (भाषा)।"),
    ("hi", "पटना (पीटीआई) — बिहार सरकार ने बजट पेश किया।", "पटना (पीटीआई) —"),
    ("hy", "Երևան, հոկտեմբերի 14 — Կառավարությունը հաստատել է ծրագիրը։",
     "Երևան, հոկտեմբերի 14 —"),
    ("hy", "Գյումրի, 3 մարտի (Արմենպրես) — Քաղաքապետարանը փակել է դպրոցը։",
     "Գյումրի, 3 մարտի (Արմենպրես) —"),
    ("ru", "МОСКВА, 14 октября. /ТАСС/. Правительство утвердило план.",
     "МОСКВА, 14 октября. /ТАСС/."),
    ("ru", "Новосибирск, 3 марта (Интерфакс) — Мэрия закрыла 12 школ.",
     "Новосибирск, 3 марта (Интерфакс) —"),
    ("uk", "Київ, 14 жовтня (Укрінформ) — Уряд ухвалив бюджет.",
     "Київ, 14 жовтня (Укрінформ) —"),
    ("uk", "Івано-Франківськ, 14 жовтня (Укрінформ) — Міськрада ухвалила бюджет.",
     "Івано-Франківськ, 14 жовтня (Укрінформ) —"),
    ("uk", "ЛЬВІВ, 3 берез /УНІАН/. Міська рада закрила ринок.",
     "ЛЬВІВ, 3 берез /УНІАН/."),
    ("fa", "تهران، ۲۲ مهر ۱۴۰۴ (ایرنا) - دولت طرح جدیدی را تصویب کرد.",
     "تهران، ۲۲ مهر ۱۴۰۴ (ایرنا) -"),
    ("fa", "مشهد - شهرداری ۱۲ مدرسه را تعطیل کرد.", "مشهد -"),
    ("ur", "اسلام آباد، 14 اکتوبر (اے پی پی) — حکومت نے منصوبہ منظور کیا۔",
     "اسلام آباد، 14 اکتوبر (اے پی پی) —"),
    ("ur", "لاہور (نمائندہ خصوصی) — صوبائی حکومت نے بجٹ پیش کیا۔",
     "لاہور (نمائندہ خصوصی) —"),
    ("am", "አዲስ አበባ፣ ጥቅምት 4 (ኢዜአ)፦ መንግሥት አዲስ ዕቅድ አጸደቀ።",
     "አዲስ አበባ፣ ጥቅምት 4 (ኢዜአ)፦"),
    ("zh", "新华社北京10月14日电（记者王明）国务院14日批准了计划。",
     "新华社北京10月14日电（记者王明）"),
    ("zh", "本报上海3月2日讯 市政府宣布关闭12所学校。", "本报上海3月2日讯"),
]  # fmt: skip


@pytest.mark.parametrize(("language", "text", "dateline"), DATELINES)
def test_a_dateline_is_read_by_the_language_s_data(language, text, dateline):
    found = extract_claims(text, language=language)
    got = [(c.kind, text[c.start : c.end]) for c in found]
    assert got[0] == (Kind.DATELINE, dateline), got
    # The story's sentence starts after its dateline and is classified as one.
    assert [kind for kind, _ in got[1:]] == [Kind.CLAIM], got
    assert found[1].start >= found[0].end
    for candidate in found:
        segment = text[candidate.start : candidate.end]
        assert segment == segment.strip()


def test_a_dateline_that_ends_with_the_script_s_terminal_is_its_own_segment():
    """The Hindi dateline ends with a danda, so the splitter makes it a sentence:
    the whole segment is the dateline, never a claim."""
    text = (
        "राज्य सरकार ने नई मेट्रो लाइन को मंजूरी दी\n\n"
        "भोपाल, 3 मार्च (एजेंसी)। राज्य मंत्रिमंडल ने बुधवार को नई लाइन को मंजूरी दी।"
    )
    kinds = [(c.kind, text[c.start : c.end]) for c in extract_claims(text, "hi")]
    assert kinds[:2] == [
        (Kind.HEADLINE, "राज्य सरकार ने नई मेट्रो लाइन को मंजूरी दी"),
        (Kind.DATELINE, "भोपाल, 3 मार्च (एजेंसी)।"),
    ]
    assert kinds[2][0] is Kind.CLAIM


# Sentences that open a paragraph with a place and a comma, or a place, a date
# and a comma, and go on as sentences: claims, one segment each.
LOOK_ALIKES = [
    ("es", "Valencia, la tercera ciudad del país, aprobó el plan de vivienda."),
    ("es", "Sevilla, 14 de octubre, fue la fecha elegida para la votación."),
    ("pt", "Lisboa, que recebeu 2 milhões de turistas, aprovou a nova taxa."),
    ("fr", "Marseille, deuxième ville de France, a fermé trois plages."),
    ("de", "Hamburg, die zweitgrößte Stadt, hat den Haushalt beschlossen."),
    ("ar", "عمّان، العاصمة الأردنية، شهدت ارتفاعا في أسعار المياه."),
    ("hi", "लखनऊ, जो राज्य की राजधानी है, में मेट्रो सेवा शुरू हुई।"),
    ("hi", "लखनऊ, 14 अक्टूबर को शहर में मेट्रो सेवा शुरू हुई।"),
    ("hy", "Երևանը, ըստ վիճակագրական կոմիտեի, ունի 1,1 միլիոն բնակիչ։"),
    ("hy", "Երևան, հոկտեմբերի 14-ին կբացվի նոր դպրոց։"),
    ("ru", "Москва, как сообщила мэрия, потратит на ремонт 3 млрд рублей."),
    ("ru", "Москва, 14 октября, стала первым городом с такой программой."),
    ("uk", "Київ, за даними мерії, витратить на ремонт 2 млрд гривень."),
    ("fa", "تهران، پایتخت ایران، ۹ میلیون نفر جمعیت دارد."),
    ("ur", "لاہور، جو پنجاب کا دارالحکومت ہے، میں شدید بارش ہوئی۔"),
    ("am", "አዲስ አበባ፣ የአገሪቱ ዋና ከተማ፣ 5 ሚሊዮን ነዋሪዎች አሏት።"),
    ("zh", "北京市政府10月14日宣布关闭12所学校。"),
]


@pytest.mark.parametrize(("language", "text"), LOOK_ALIKES)
def test_a_place_and_a_comma_opening_a_sentence_stays_a_claim(language, text):
    found = extract_claims(text, language=language)
    assert [(c.kind, text[c.start : c.end]) for c in found] == [(Kind.CLAIM, text)]


DATELINES_BY_LANGUAGE = {
    "hy": "Գյումրի, 3 մարտի (Արմենպրես) — Քաղաքապետարանը փակել է դպրոցը։",
    "hi": "पटना (पीटीआई) — बिहार सरकार ने बजट पेश किया।",
    "ru": "МОСКВА, 14 октября. /ТАСС/. Правительство утвердило план.",
}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("hy", "Երևան, հոկտեմբերի 14 — Կառավարությունը հաստատել է ծրագիրը։"),
        ("hi", "लखनऊ, 14 अक्टूबर (एजेंसी)। राज्य सरकार ने योजना को मंजूरी दी।"),
        ("ru", "Новосибирск, 3 марта (Интерфакс) — Мэрия закрыла 12 школ."),
    ],
)
def test_only_the_story_s_first_dateline_counts(language, text):
    """A dateline's form after the story's own dateline is a sentence of the
    story (a wire item it quotes), and so is one that does not open a
    paragraph."""
    story = f"{DATELINES_BY_LANGUAGE[language]}\n\n{text}"
    found = extract_claims(story, language=language)
    assert [c.start for c in found if c.kind is Kind.DATELINE] == [0]
    inside = {"hy": "Նախ՝ նորություն։", "hi": "पहली ख़बर।", "ru": "Первая новость."}
    found = extract_claims(f"{inside[language]} {text}", language=language)
    assert all(c.kind is not Kind.DATELINE for c in found)


# (line, kind) as a line of its own says it: None is a sentence, classified by
# its content.
FORMS = {
    "hi": [
        ("लेखक: राम कुमार", Kind.BYLINE),
        ("रिपोर्ट: अनीता शर्मा और विकास सिंह", Kind.BYLINE),
        ("अनीता शर्मा द्वारा", Kind.BYLINE),
        ("द्वारा अनीता शर्मा", Kind.BYLINE),
        ("फ़ोटो: पीटीआई", Kind.CREDIT),
        ("\u092b\u093cोटो: एएनआई", Kind.CREDIT),
        ("फोटो साभार: सोशल मीडिया", Kind.CREDIT),
        ("पीटीआई", Kind.CREDIT),
        ("तस्वीर में, लखनऊ में मेट्रो स्टेशन पर खड़े यात्री।", Kind.CAPTION),
        ("यह भी पढ़ें: महंगाई दर घटी", Kind.FOOTER),
        ("(एजेंसी इनपुट के साथ)", Kind.FOOTER),
        ("रिपोर्ट में कहा गया है कि बेरोजगारी दर 7 प्रतिशत रही।", None),
        ("सरकार द्वारा जारी आंकड़ों के अनुसार महंगाई घटी।", None),
        ("फोटो खींचने पर रोक लगा दी गई।", None),
    ],
    "hy": [
        ("Հեղինակ՝ Անի Սարգսյան", Kind.BYLINE),
        ("Լուսանկարը՝ Արմենպրես", Kind.CREDIT),
        ("Լուսանկարը՝ Photolure", Kind.CREDIT),
        ("Արմենպրես", Kind.CREDIT),
        ("Կարդացեք նաև՝ Գնաճը նվազել է", Kind.FOOTER),
        ("Հեղինակը պնդում է, որ ծրագիրը ձախողվել է։", None),
    ],
    "ru": [
        ("Автор: Иван Петров", Kind.BYLINE),
        ("Текст: Анна Смирнова и Олег Ким", Kind.BYLINE),
        ("Фото: ТАСС", Kind.CREDIT),
        ("Фото: Иван Петров / ТАСС", Kind.CREDIT),
        ("РИА Новости / Иван Петров", Kind.CREDIT),
        ("ТАСС", Kind.CREDIT),
        ("На снимке: спасатели разбирают завалы после взрыва в Казани.", Kind.CAPTION),
        ("Читайте также: Инфляция замедлилась до 7%", Kind.FOOTER),
        ("Текст законопроекта опубликован на сайте Госдумы.", None),
        ("Автор законопроекта заявил, что расходы составят 3 млрд рублей.", None),
    ],
    "uk": [
        ("Автор: Олена Коваль", Kind.BYLINE),
        ("Фото: Укрінформ", Kind.CREDIT),
        ("На фото: рятувальники розбирають завали у Харкові після обстрілу.",
         Kind.CAPTION),
        ("Читайте також: Інфляція сповільнилася", Kind.FOOTER),
        ("Фото з місця події оприлюднила поліція.", None),
    ],
    "fa": [
        ("نویسنده: علی رضایی", Kind.BYLINE),
        ("به قلم مریم احمدی", Kind.BYLINE),
        ("عکس: ایرنا", Kind.CREDIT),
        ("ایرنا", Kind.CREDIT),
        ("در تصویر، مردم در صف خرید نان در تهران ایستاده‌اند.", Kind.CAPTION),
        ("بیشتر بخوانید: تورم کاهش یافت", Kind.FOOTER),
        ("گزارش بانک مرکزی نشان می‌دهد تورم ۴۰ درصد است.", None),
    ],
    "ur": [
        ("تحریر: احمد علی", Kind.BYLINE),
        ("تصویر: اے پی پی", Kind.CREDIT),
        ("فوٹو: رائٹرز", Kind.CREDIT),
        ("یہ بھی پڑھیں: مہنگائی میں کمی", Kind.FOOTER),
        ("رپورٹ کے مطابق مہنگائی 12 فیصد رہی۔", None),
    ],
    "am": [
        ("ዘጋቢ፦ አበበ ከበደ", Kind.BYLINE),
        ("ፎቶ፦ ኢዜአ", Kind.CREDIT),
        ("ኢዜአ", Kind.CREDIT),
        ("መንግሥት አዲስ ዕቅድ አጸደቀ።", None),
    ],
    "zh": [
        ("记者 王明", Kind.BYLINE),
        ("文/张三", Kind.BYLINE),
        ("作者：陈静", Kind.BYLINE),
        ("图/新华社", Kind.CREDIT),
        ("摄影：李华", Kind.CREDIT),
        ("（新华社记者 王鹏 摄）", Kind.CREDIT),
        ("责任编辑：刘洋", Kind.FOOTER),
        ("记者从市政府获悉，今年将新建12所学校。", None),
    ],
    # The languages with attribution rules read their own words the same way.
    "es": [("Foto: EFE/Juan Pérez", Kind.CREDIT)],
    "ar": [("صورة: رويترز", Kind.CREDIT), ("بقلم سارة الخطيب", Kind.BYLINE)],
}  # fmt: skip


@pytest.mark.parametrize(
    ("language", "line", "kind"),
    [(lang, line, kind) for lang, cases in FORMS.items() for line, kind in cases],
)
def test_a_line_has_its_kind_by_its_language_s_data(language, line, kind):
    assert claims._rules_for(language).forms.form_kind(line) == kind


def test_one_language_s_words_are_not_read_in_another():
    """The labels are each language's own: Russian "Фото:" means nothing in
    Armenian, Hindi "फ़ोटो:" nothing in Urdu, and none of them in a language
    without kind data (Greek)."""
    armenian = claims._rules_for("hy").forms
    urdu = claims._rules_for("ur").forms
    greek = claims._rules_for("el").forms
    assert armenian.form_kind("Автор: Иван Петров") is None
    assert urdu.form_kind("फ़ोटो: पीटीआई") is None
    for line in ("Հեղինակ՝ Անի Սարգսյան", "Фото: ТАСС", "लेखक: राम कुमार"):
        assert greek.form_kind(line) is None


def test_a_language_with_kind_data_only_says_it_finds_no_speaker():
    text = (
        "Կառավարությունը 40 նոր դպրոց կկառուցի\n\n"
        "Հեղինակ՝ Անի Սարգսյան\n\n"
        "Երևան, հոկտեմբերի 14 — Նախարարը հայտարարել է, որ ծրագիրը կարժենա 95 "
        "միլիարդ դրամ։\n\n"
        "Լուսանկարը՝ Արմենպրես"
    )
    result = claims.extract(text, "hy")
    assert result.rules_language is None
    assert result.kinds_language == "hy"
    assert result.warning.startswith("No attribution rules for 'hy' yet")
    assert [c.kind for c in result.candidates] == [
        Kind.HEADLINE,
        Kind.BYLINE,
        Kind.DATELINE,
        Kind.CLAIM,
        Kind.CREDIT,
    ]
    assert all(c.attribution is None for c in result.candidates)


def test_which_languages_have_kind_rules():
    assert languages.kinds_language("hi-IN") == "hi"
    assert languages.kinds_language("zh-Hant") == "zh"
    assert languages.kinds_language("es-MX") == "es"
    assert languages.kinds_language("el") is None
    assert languages.kinds_language("") is None
    assert languages.rules_language("hi") is None
    assert {"hi", "hy", "ru", "uk", "fa", "ur", "am", "zh"} <= languages.KINDS_LANGUAGES
    # Month names come from the splitter's data for the language.
    assert "հոկտեմբերի" in languages.kinds_lexicon("hy").months.split()
