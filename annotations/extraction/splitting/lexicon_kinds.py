"""Kinds by form for languages that have no attribution rules yet: the words by
which their news copy marks bylines, credits, captions, agencies, notes and
datelines. Each entry is a `Lexicon` with only its "What it is" fields filled.

Month names are not repeated here: `languages.kinds_lexicon` takes them from the
splitter's data for the language (data/sentences/<code>.txt), so that a dateline
("लखनऊ, 14 अक्टूबर (एजेंसी)।", "Երևան, հոկտեմբերի 14 —") is read with the same
names the splitter knows. A label that is also an ordinary word ("रिपोर्ट",
"گزارش", "Текст") counts only with its colon after it.
"""

# The patterns match typographic quotes, dashes and full-width marks on purpose.
# ruff: noqa: RUF001, RUF003

from annotations.extraction.splitting.lexicon import Lexicon

KIND_LEXICONS: dict[str, Lexicon] = {
    lexicon.language: lexicon
    for lexicon in (
        Lexicon(
            language="hi",
            cased=False,
            # "लेखक: राम कुमार", "रिपोर्ट: …", "द्वारा अनीता शर्मा" and, after the
            # names, "अनीता शर्मा द्वारा".
            byline_prefixes=r"(?:लेखक|रिपोर्ट|रिपोर्टर|संवाददाता|लेखन)\s*[:：]|द्वारा",
            byline_suffixes=r"द्वारा",
            and_words="और एवं व",
            # "फ़ोटो" is written with the nukta as a sign of its own, precomposed
            # or left out.
            credit_labels=(
                r"(?:\u092b\u093c|\u095e|\u092b)ोटो(?: साभार)?|तस्वीर|चित्र|साभार"
                r"|स्रोत|वीडियो|ग्रा(?:\u092b\u093c|\u095e|\u092b)िक"
            ),
            caption_prefixes=r"तस्वीर में|(?:\u092b\u093c|\u095e|\u092b)ोटो में|चित्र में",
            agencies=(
                r"पीटीआई|आईएएनएस|एएनआई|यूएनआई|एजेंसी|रॉयटर्स|एएफपी|PTI|ANI|IANS"
                r"|UNI|Reuters|AFP"
            ),
            footer_forms=r"\(?(?:इनपुट\s*[:：]|(?:एजेंसी|भाषा|पीटीआई) इनपुट के साथ)",
            note_labels=r"यह भी पढ़ें|ये भी पढ़ें|इसे भी पढ़ें|और पढ़ें",
        ),
        Lexicon(
            language="hy",
            # "Հեղինակ՝ Անի Սարգսյան", "Պատրաստեց՝ …".
            byline_prefixes=r"(?:Հեղինակ|Հեղինակը|Պատրաստեց|Թղթակից)\s*[:՝]",
            and_words="և եւ ու",
            credit_labels=(
                r"Լուսանկարը|Լուսանկարները|Լուսանկար|Ֆոտո|Աղբյուրը|Տեսանյութը"
            ),
            caption_prefixes=r"Լուսանկարում",
            agencies=r"Արմենպրես|ԱՐՄԵՆՊՐԵՍ|ARMENPRESS|Ֆոտոլուր|ՖՈՏՈԼՈՒՐ|Photolure",
            note_labels=r"Կարդացեք նաև|Կարդացեք նաեւ|Կարդալ նաև",
        ),
        Lexicon(
            language="ru",
            byline_prefixes=r"(?:Автор|Авторы|Текст|Беседовал|Беседовала)\s*[:：]",
            and_words="и",
            name_particles="де фон ван",
            month_abbreviations="янв фев мар апр июн июл авг сен сент окт ноя нояб дек",
            credit_labels=r"Фото|Фотография|Иллюстрация|Источник|Видео|Кадр|Скриншот",
            caption_prefixes=r"На фото|На снимке|На фотографии",
            agencies=(
                r"ТАСС|РИА Новости|Интерфакс|Коммерсантъ|Global Look Press|Reuters"
                r"|AFP|AP"
            ),
            footer_forms=r"\(?(?:По материалам|С использованием материалов)\b",
            note_labels=r"Читайте также|Смотрите также|Подробнее",
        ),
        Lexicon(
            language="uk",
            byline_prefixes=r"(?:Автор|Авторка|Автори|Текст|Розмовляв|Розмовляла)\s*[:：]",
            and_words="і й та",
            month_abbreviations=(
                "січ лют бер берез квіт трав черв лип серп вер верес жовт лист груд"
            ),
            credit_labels=r"Фото|Світлина|Ілюстрація|Джерело|Відео|Скриншот",
            caption_prefixes=r"На фото|На світлині|На знімку",
            agencies=(r"Укрінформ|УНІАН|Інтерфакс-Україна|Суспільне|Reuters|AFP|AP"),
            footer_forms=r"\(?(?:За матеріалами)\b",
            note_labels=r"Читайте також|Дивіться також",
        ),
        Lexicon(
            language="fa",
            cased=False,
            byline_prefixes=(r"(?:نویسنده|گزارشگر|خبرنگار|گزارش|ترجمه)\s*[:：]|به قلم"),
            and_words="و",
            credit_labels=r"عکس|عکاس|تصویر|منبع عکس|منبع|ویدیو|ویدئو",
            caption_prefixes=r"در تصویر|در این تصویر|تصویر آرشیوی",
            agencies=r"ایرنا|ایسنا|ایلنا|فارس|تسنیم|مهر|رویترز|فرانس‌پرس|آسوشیتدپرس",
            note_labels=r"بیشتر بخوانید|همچنین بخوانید|بخوانید",
            # "تهران - …": a place and a dash where a paragraph opens.
            dateline_forms=r"[^\W\d_]+(?:[ ][^\W\d_]+)?[ ]?[-–—](?=[ ])",
        ),
        Lexicon(
            language="ur",
            cased=False,
            byline_prefixes=r"(?:تحریر|رپورٹ|رپورٹر|نمائندہ)\s*[:：]",
            and_words="اور",
            credit_labels=r"تصویر|فوٹو|فائل فوٹو|بشکریہ|ویڈیو|ذریعہ",
            caption_prefixes=r"تصویر میں",
            agencies=r"اے پی پی|این این آئی|آن لائن|ایجنسیاں|رائٹرز|اے ایف پی|APP|NNI",
            note_labels=r"یہ بھی پڑھیں|مزید پڑھیں",
            dateline_forms=r"[^\W\d_]+(?:[ ][^\W\d_]+)?[ ]?[-–—](?=[ ])",
        ),
        Lexicon(
            language="am",
            cased=False,
            byline_prefixes=r"(?:ዘጋቢ|አዘጋጅ|ጸሐፊ|ፀሐፊ)\s*[:፡፦]",
            and_words="እና",
            credit_labels=r"ፎቶ|ፎቶግራፍ|ምስል|ምንጭ|ቪዲዮ",
            agencies=r"ኢዜአ|ዋልታ|ፋና|ኢቢሲ|ሮይተርስ|ENA",
            note_labels=r"ተጨማሪ ያንብቡ",
        ),
        Lexicon(
            language="zh",
            cased=False,
            # "记者 王明", "本报记者 李华", "文/张三", "作者：陈静".
            byline_prefixes=r"(?:本报记者|记者|作者|撰文|文)\s*[:：/／]?",
            credit_labels=r"图片来源|图片|图|摄影|来源|视频",
            # "（新华社记者 王鹏 摄）": the agency's photographer.
            agencies=(
                r"(?:新华社|中新社)(?:记者\s*[^\W\d_]{2,4}\s*摄)?|人民日报|央视新闻"
                r"|视觉中国"
            ),
            footer_forms=r"(?:责任编辑|编辑|校对)\s*[:：]\s*\S",
            note_labels=r"相关阅读|延伸阅读|相关新闻",
            # "新华社北京10月14日电（记者 王明）", "本报上海10月14日讯": the
            # agency or paper, the place and the date run on without spaces.
            dateline_forms=(
                r"(?:新华社|中新社|中新网|本报|央视网)?[^\W\d_]{2,6}?[0-9０-９]{1,2}月"
                r"[0-9０-９]{1,2}日(?:电|讯)(?:[（(](?:记者|通讯员)[^）)\n]{1,30}[）)])?"
            ),
        ),
    )
}
