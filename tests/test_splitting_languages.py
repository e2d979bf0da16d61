"""Sentence splitting in 46 languages: our own news-style cases, by language.

Each case is the sentences a text must split into. Unless a case gives its text,
the text is the sentences joined by one space (by nothing for Chinese and
Japanese, which put no space between sentences). The cases were written for this
project from the style of news copy in each language; none comes from another
segmenter's test suite.
"""

# The cases hold typographic quotes, dashes and other scripts on purpose.
# ruff: noqa: RUF001

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.extraction.splitting import extract_claims, split_sentences
from annotations.extraction.splitting import sentence_languages as languages

ROOT = Path(__file__).resolve().parent.parent


def join(*sentences: str, separator: str = " ") -> tuple[str, list[str]]:
    return separator.join(sentences), list(sentences)


def text_case(text: str, *sentences: str) -> tuple[str, list[str]]:
    return text, list(sentences)


CASES: dict[str, list[tuple[str, list[str]]]] = {
    "en": [
        join("The minister resigned on Friday.", "Her deputy takes over."),
        join("Dr. Ana Ruiz of St. Mary's Hospital spoke first.", "She was brief."),
        join("Turnout was 61.4 percent.", "That is a record."),
        join("Is the bridge safe?", "Engineers will say on Monday."),
        join('"We are ready," the mayor said.', "The works begin in May."),
        join("Shares of Acme Inc. fell 3%.", "Analysts had expected worse."),
        join("At 5 p.m. Eastern the polls closed.", "Counting began at once."),
        join("The U.S. Senate voted 52-48.", "The bill now goes to the House."),
    ],
    "de": [
        join("Die Wahl findet am 12. Juni statt.", "Danach wird ausgezählt."),
        join(
            "„Wir haben keine Lust mehr.“",
            "Wir haben trotzdem abgestimmt, sagte die Sprecherin.",
        ),
        join(
            "Dr. med. Hans Weber leitet die Klinik seit 2019.",
            "Er ist Kardiologe.",
        ),
        join("Die Firma sitzt in der Hauptstr. 5 in Köln.", "Sie hat 40 Mitarbeiter."),
        join(
            "Der Umsatz stieg um ca. 4,5 Prozent, d.h. stärker als erwartet.",
            "Die Aktie legte zu.",
        ),
        join("Das Team belegte Platz 3.", "Die Fans waren trotzdem zufrieden."),
        join(
            "Im 19. Jh. war die Stadt ein Zentrum des Handels.",
            "Heute lebt sie vom Tourismus.",
        ),
        join(
            "Wer zahlt die Rechnung?",
            "Das Land will sich nicht festlegen, bzw. erst nach der Wahl.",
        ),
        join(
            "Käuferin ist die Stadtwerke GmbH.",
            "Die Bürgermeisterin nannte den Verkauf einen Fehler.",
        ),
        join(
            "Laut Art. 5 Abs. 3 des Gesetzes ist das erlaubt.",
            "Die Opposition sieht das anders.",
        ),
    ],
    "es": [
        join("La Srta. Ruiz llegó tarde a la rueda de prensa.", "Nadie preguntó."),
        join(
            "El Sr. García y la Dra. López firmaron el acuerdo.", "Entra en vigor hoy."
        ),
        join("¿Habrá elecciones anticipadas?", "El Gobierno lo descarta."),
        join("¡Es un día histórico!", "Así lo celebró la alcaldesa."),
        join(
            "EE. UU. anunció nuevas sanciones.", "El Kremlin respondió horas después."
        ),
        join(
            "La sede está en la Avda. de la Constitución, núm. 12.",
            "Abre a las nueve.",
        ),
        join(
            "El paro bajó al 11,2 %, según el INE.",
            "Es la cifra más baja desde 2008.",
        ),
        join(
            "«No vamos a ceder», dijo el ministro.",
            "Los sindicatos mantienen la huelga.",
        ),
        join(
            "El artículo cita a varios autores, p. ej. a Ortega.",
            "La polémica sigue.",
        ),
    ],
    "pt": [
        join("O Sr. Silva chegou às 10h.", "Ele falou com a Dra. Costa."),
        join("A inflação subiu 0,5% em março.", "Os juros devem subir."),
        join("Quem vai pagar a conta?", "O governo ainda não respondeu."),
        join("O Prof. Almeida apresentou o estudo.", "Os resultados surpreenderam."),
        join(
            "“Não vamos recuar”, disse a ministra.",
            "A greve continua na segunda-feira.",
        ),
        join("A empresa Vale S.A. lucrou menos.", "As ações caíram 2%."),
        join("O jogo termina às 22h!", "Depois há entrevistas."),
        join(
            "A reunião foi na Av. Paulista, nº 1000.",
            "Participaram 30 prefeitos.",
        ),
    ],
    "fr": [
        join("M. Dupont est arrivé à 9 heures.", "Il a parlé pendant une heure."),
        join(
            "« Nous ne céderons pas. Jamais », a déclaré le ministre.",
            "Les syndicats protestent.",
        ),
        join("Mme Lefèvre a démissionné.", "Son adjoint assure l'intérim."),
        join("Le chômage a baissé de 0,3 %.", "C'est une bonne nouvelle."),
        join("Qui paiera la facture ?", "Le gouvernement ne dit rien."),
        join(
            "Le texte vise les grandes villes, p. ex. Paris et Lyon.",
            "Les maires sont partagés.",
        ),
        join("L'entreprise a été fondée en 1902.", "Elle emploie 300 personnes."),
        join("Le Dr Martin a opéré le patient.", "L'opération a réussi."),
    ],
    "it": [
        join(
            "Secondo l'Avv. Rossi la sentenza è giusta.",
            "Il processo continua a maggio.",
        ),
        join("Il Sig. Bianchi ha vinto la gara.", "La premiazione è domani."),
        join("Il Dott. Verdi guida il reparto.", "È stato nominato ieri."),
        join("L'inflazione è salita al 2,1%.", "La Bce valuta un rialzo."),
        join("Chi pagherà i danni?", "Il Comune non risponde."),
        join(
            "«Non ci fermeremo», ha detto il sindaco.",
            "I lavori riprendono lunedì.",
        ),
        join("La società Alfa S.p.A. ha chiuso in utile.", "Il titolo sale."),
        join(
            "Il decreto cita vari casi, ecc. e molte eccezioni.",
            "Il Parlamento lo esaminerà.",
        ),
    ],
    "nl": [
        join(
            "Dhr. Jansen zei dat bijv. Amsterdam te duur is.",
            "De gemeente reageert later.",
        ),
        join("Mevr. De Vries opent de tentoonstelling.", "Die duurt tot juni."),
        join("De prijs steeg met 2,5 procent.", "Dat is meer dan verwacht."),
        join("Wie betaalt de schade?", "Het kabinet zwijgt."),
        join("Het bedrijf Philips N.V. maakte winst.", "Het aandeel steeg."),
        join("Prof. Bakker leidt het onderzoek.", "Hij is epidemioloog."),
        join(
            "Er komen o.a. nieuwe fietspaden.",
            "De bouw begint in het voorjaar.",
        ),
        join("De trein vertrekt om 8 uur.", "Hij is vaak te laat."),
    ],
    "da": [
        join(
            "»Vi kommer ikke. Det er helt sikkert,« siger han.",
            "Mødet er aflyst.",
        ),
        join("Mødet holdes den 3. marts.", "Alle er velkomne."),
        join(
            "Prisen steg med ca. 4 pct. i januar.",
            "Det er mere end ventet.",
        ),
        join("Hvem skal betale?", "Regeringen vil ikke svare."),
        join(
            "Der kommer bl.a. nye cykelstier.",
            "Arbejdet begynder til foråret.",
        ),
        join("Dr. Hansen leder afdelingen.", "Han er hjertelæge."),
        join("Holdet endte på en 2. plads.", "Træneren var tilfreds."),
        join("Huset koster 2,5 mio. kr.", "Det er for dyrt, mener køberne."),
    ],
    "pl": [
        join(
            "Spotkanie odbędzie się 5. maja w Warszawie.",
            "Prof. Nowak wygłosi wykład.",
        ),
        join("Dr Kowalski kieruje szpitalem.", "Jest kardiologiem."),
        join(
            "Cena wzrosła o ok. 5 proc. w skali roku.",
            "To więcej, niż zakładano.",
        ),
        join("Kto zapłaci za szkody?", "Rząd milczy."),
        join("Przyjechali m.in. ministrowie i posłowie.", "Obrady trwały do nocy."),
        join(
            "Biuro mieści się przy ul. Długiej 5.",
            "Jest czynne od poniedziałku.",
        ),
        join("W 2020 r. w Polsce urodziło się mniej dzieci.", "To trend od lat."),
        join("Zespół zajął 3. miejsce.", "Kibice byli zadowoleni."),
    ],
    "ru": [
        join("Доклад подготовил А. И. Семенов.", "Он работает в Москве."),
        join("В 2020 г. в Москве прошли выборы.", "В них участвовали многие."),
        join("Проф. Иванов выступил на конференции.", "Она прошла успешно."),
        join("Кто заплатит за ремонт?", "Мэрия пока молчит."),
        join("Цены выросли на 5,2%.", "Это больше прогноза."),
        join(
            "«Мы не отступим», — заявил министр.",
            "Профсоюзы продолжают забастовку.",
        ),
        join(
            "Офис находится на ул. Ленина, д. 5.",
            "Он открыт с понедельника.",
        ),
        join("Прибыли министры, депутаты и т. д.", "Заседание длилось до ночи."),
        join("Это правда? — спросил журналист.", "Ответа не последовало."),
    ],
    "uk": [
        join("Проф. Коваленко виступив у м. Києві.", "Він говорив про економіку."),
        join("Ціни зросли на 3,4%.", "Це більше, ніж очікували."),
        join("Хто заплатить за ремонт?", "Міська рада мовчить."),
        join("Доповідь підготував В. О. Шевченко.", "Він працює в Харкові."),
        join(
            "«Ми не здамося», — сказала міністерка.",
            "Переговори тривають.",
        ),
        join("Офіс розташований на вул. Хрещатик, 5.", "Він працює щодня."),
        join("У 2021 р. врожай був рекордним.", "Експорт зріс."),
        join("Приїхали посли, міністри тощо.", "Зустріч тривала три години."),
    ],
    "bg": [
        join("Г-н Петров пристигна в София.", "Той говори с журналисти."),
        join("Проф. Иванова ръководи проекта.", "Тя е физик."),
        join("Цените са се повишили с 4,1%.", "Това е рекорд."),
        join("Кой ще плати сметката?", "Общината мълчи."),
        join("Офисът е на бул. Витоша 10.", "Работи всеки ден."),
        join("Дойдоха министри, депутати и др.", "Срещата продължи до вечерта."),
        join(
            "„Няма да се откажем“, каза министърът.",
            "Протестите продължават.",
        ),
        join("Доклада подготви Д-р Георгиев.", "Той е лекар."),
    ],
    "el": [
        join("Τι ώρα είναι;", "Είναι τρεις η ώρα."),
        join("Ο κ. Παπαδόπουλος ήρθε στη Βουλή.", "Μίλησε για την οικονομία."),
        join("Ποιος θα πληρώσει;", "Η κυβέρνηση δεν απαντά."),
        join("Ο πληθωρισμός ανέβηκε στο 3,5%.", "Οι τιμές αυξάνονται."),
        join(
            "Ήρθαν υπουργοί, βουλευτές κ.λπ. στην τελετή.",
            "Η τελετή κράτησε μία ώρα.",
        ),
        join("Η κα Γεωργίου παραιτήθηκε.", "Ο αναπληρωτής της αναλαμβάνει."),
        join(
            "«Δεν θα υποχωρήσουμε», είπε ο υπουργός.",
            "Οι συνδικαλιστές διαφωνούν.",
        ),
        join("Θα γίνουν εκλογές\u037e", "Κανείς δεν ξέρει ακόμη."),
    ],
    "hy": [
        join("Նա եկավ տուն։", "Հետո նա գնաց աշխատանքի։"),
        join("Կառավարությունը հաստատեց բյուջեն։", "Ընդդիմությունը դեմ էր։"),
        join("Ով՞ կվճարի վնասի համար։", "Քաղաքապետարանը լռում է։"),
        join("Գնաճը կազմել է 3,2 տոկոս։", "Դա սպասվածից բարձր է։"),
        join("Նա եկավ տուն:", "Հետո նա գնաց աշխատանքի:"),
        join("Պրն. Պետրոսյանը ժամանեց Երևան։", "Նա հանդիպեց լրագրողների հետ։"),
        join(
            "Հանդիպումը տեղի կունենա 2024 թ. մայիսին։",
            "Մասնակցելու են նախարարներ։",
        ),
        join("Ի՞նչ է սպասվում։", "Ոչ ոք չգիտի։"),
    ],
    "am": [
        join("ዛሬ ዝናብ ዘነበ።", "ነገ ፀሐይ ትወጣለች።"),
        join("ምርጫው መቼ ይካሄዳል፧", "መንግሥት ገና አልወሰነም።"),
        join("ዶ/ር አበበ ስብሰባውን መሩ።", "ውይይቱ ለሦስት ሰዓት ቆየ።"),
        join("የዋጋ ግሽበት 20 በመቶ ደርሷል።", "ይህ ከፍተኛ ነው።"),
        join("በ2016 ዓ.ም. ምርጫ ተካሄደ።", "ብዙ ሰዎች መርጠዋል።"),
        join("አቶ ከበደ ወደ አዲስ አበባ ተጓዙ።", "እዚያም ከሚኒስትሩ ጋር ተገናኙ።"),
        join("ፓርላማው ሕጉን አጸደቀ።", "ተቃዋሚዎች ተቃወሙ።"),
        join("ማን ይከፍላል፧", "ማንም አያውቅም።"),
    ],
    "ar": [
        join("هل ستأتي غدا؟", "نعم سأحضر الاجتماع."),
        join("وقال د. أحمد إن الاجتماع مهم.", "وأضاف أن القرار نهائي."),
        join("ارتفع التضخم إلى 5.2 في المئة.", "وهذا أعلى مستوى منذ عقد."),
        join("من سيدفع الثمن؟", "الحكومة لم تجب بعد."),
        join("عقد المؤتمر في القاهرة.", "وحضره وزراء الخارجية العرب."),
        join("أعلنت الوزارة خطة جديدة!", "وتبدأ الخطة الشهر المقبل."),
        join("قال أ. محمود إن النتائج جيدة.", "ثم غادر القاعة."),
        join("بلغ عدد السكان ١٠٠ مليون نسمة.", "ويتوقع أن يزيد."),
    ],
    "fa": [
        join("آیا او آمد؟", "بله او دیروز آمد."),
        join("دولت بودجه جدید را تصویب کرد.", "مجلس هنوز رای نداده است."),
        join("تورم به ۴۰ درصد رسید.", "این رقم بی‌سابقه است."),
        join("چه کسی هزینه را می‌پردازد؟", "شهرداری پاسخی نداده است."),
        join("نشست در تهران برگزار شد.", "وزیران خارجه در آن شرکت کردند."),
        join("او در سال ۵۰۰ ق.م. زندگی می‌کرد.", "آثار او باقی مانده است."),
        join("رئیس‌جمهور به مشهد سفر کرد!", "مردم از او استقبال کردند."),
        join("قیمت نفت کاهش یافت.", "بازار واکنش نشان داد."),
    ],
    "ur": [
        join("وہ کل آیا۔", "آج وہ چلا گیا۔"),
        join("حکومت نے بجٹ منظور کر لیا۔", "اپوزیشن نے احتجاج کیا۔"),
        join("کون ادائیگی کرے گا؟", "حکومت خاموش ہے۔"),
        join("مہنگائی 12 فیصد تک پہنچ گئی۔", "یہ ریکارڈ ہے۔"),
        join("وزیراعظم لاہور پہنچے۔", "انہوں نے صحافیوں سے بات کی۔"),
        join("کیا انتخابات وقت پر ہوں گے؟", "کمیشن نے تصدیق کی۔"),
        join("اجلاس اسلام آباد میں ہوا۔", "اس میں وزرا شریک تھے۔"),
        join("یہ ایک تاریخی دن ہے!", "عوام نے جشن منایا۔"),
    ],
    "hi": [
        join("वह घर गया।", "फिर वह बाज़ार गया।"),
        join("डॉ. शर्मा ने कहा कि यह सही है।", "उन्होंने रिपोर्ट जारी की।"),
        join("क्या चुनाव समय पर होंगे?", "आयोग ने इसकी पुष्टि की है।"),
        join("महंगाई दर 6.2 प्रतिशत रही।", "यह अनुमान से अधिक है।"),
        join("ए. पी. जे. अब्दुल कलाम का जन्म रामेश्वरम में हुआ।", "वे वैज्ञानिक थे।"),
        join("प्रधानमंत्री आज मुंबई पहुंचे।", "उन्होंने रैली को संबोधित किया।"),
        join("यह ऐतिहासिक दिन है!", "लोगों ने जश्न मनाया।"),
        join("सभा में मंत्री आए॥", "बैठक शाम तक चली।"),
    ],
    "mr": [
        join("डॉ. पाटील यांनी भाषण केले.", "नंतर सभा संपली."),
        join("निवडणूक कधी होणार?", "आयोगाने अजून ठरवले नाही."),
        join("महागाई ५.८ टक्क्यांवर पोहोचली.", "ही चिंतेची बाब आहे."),
        join("मुख्यमंत्री आज पुण्यात आले।", "त्यांनी बैठक घेतली।"),
        join("प्रा. देशमुख यांनी अहवाल सादर केला.", "तो सरकारकडे पाठवला."),
        join("हा ऐतिहासिक दिवस आहे!", "लोकांनी आनंद साजरा केला."),
        join("सभा मुंबईत झाली.", "त्यात अनेक मंत्री सहभागी झाले."),
        join("कोण पैसे देणार?", "सरकार गप्प आहे."),
    ],
    "my": [
        join("သူသည် ဈေးသို့ သွားသည်။", "ပြီးနောက် အိမ်ပြန်လာသည်။"),
        join("အစိုးရက ဘတ်ဂျက်ကို အတည်ပြုခဲ့သည်။", "အတိုက်အခံက ကန့်ကွက်သည်။"),
        join("ရွေးကောက်ပွဲ ဘယ်တော့ ကျင်းပမလဲ။", "မည်သူမျှ မသိသေးပါ။"),
        join("ဈေးနှုန်းများ မြင့်တက်နေသည်။", "ပြည်သူများ စိုးရိမ်နေကြသည်။"),
        join("ဝန်ကြီးချုပ်သည် ရန်ကုန်သို့ ရောက်ရှိခဲ့သည်။", "သတင်းထောက်များနှင့် တွေ့ဆုံခဲ့သည်။"),
        join("မိုးရွာနေသည်။", "လမ်းများ ရေလွှမ်းနေသည်။"),
        text_case(
            "သူသည် ဈေးသို့ သွားသည်။ပြီးနောက် အိမ်ပြန်လာသည်။",
            "သူသည် ဈေးသို့ သွားသည်။",
            "ပြီးနောက် အိမ်ပြန်လာသည်။",
        ),
        join("ကျောင်းများ ပြန်ဖွင့်မည်။", "ဆရာများ ပြင်ဆင်နေကြသည်။"),
    ],
    "zh": [
        join("今天天气很好。", "我们去公园吧！", "你去吗？", separator=""),
        join("他读了《这本书真好！》这本书。", "然后他走了。", separator=""),
        join("股价上涨了３．２９％。", "市场反应积极。", separator=""),
        join("政府公布了新的预算。", "反对派表示不满。", separator=""),
        join("谁来支付费用？", "市政府尚未回应。", separator=""),
        join("会议在北京举行。", "多国部长出席了会议。", separator=""),
        join("这是历史性的一天！", "民众举行了庆祝活动。", separator=""),
        join("他说：「我们不会让步。」", "谈判将继续进行。", separator=" "),
    ],
    "ja": [
        join("株価は３．２９％上昇した。", "市場は好感した。", separator=""),
        join("「行こう！」と彼は言った。", "私たちは出発した。", separator=""),
        join("政府は新しい予算を発表した。", "野党は反発している。", separator=""),
        join("誰が費用を払うのか？", "市はまだ答えていない。", separator=""),
        join("会議は東京で開かれた。", "各国の大臣が出席した。", separator=""),
        join("歴史的な日だ！", "人々は祝った。", separator=""),
        join("首相は『改革を続ける。』と述べた。", "会見は短かった。", separator=""),
        join("雨が降っている｡", "道路は冠水した｡", separator=""),
    ],
    "kk": [
        join("Сен ол жерде не істеп жүрсің? — деді ол.", "Мен үйге қайттым."),
        join("Үкімет жаңа бюджетті бекітті.", "Оппозиция қарсы шықты."),
        join("Кім төлейді?", "Әкімдік әзірге үнсіз."),
        join("Инфляция 8,4 пайызға жетті.", "Бұл күтілгеннен жоғары."),
        join("Жиын 2023 ж. мамырда өтті.", "Оған министрлер қатысты."),
        join("Проф. Әбішев баяндама жасады.", "Ол экономист."),
        join("Бұл тарихи күн!", "Халық мерекеледі."),
        join("Министрлер, депутаттар т.б. келді.", "Жиналыс кешке дейін созылды."),
    ],
    "sk": [
        join("Zákon platí od 7. apríla.", "Vláda ho schválila včera."),
        join("Vojak slúžil v XII. pluku v Bratislave.", "Potom odišiel do Košíc."),
        join(
            "Napr. Bratislava má vyše 400 tisíc obyvateľov.",
            "Košice sú druhé.",
        ),
        join("Prof. Novák vedie kliniku.", "Je kardiológ."),
        join("Inflácia stúpla na 3,4 %.", "Ceny rastú."),
        join("Kto zaplatí škody?", "Mesto mlčí."),
        join("Kancelária je na ul. Hlavnej č. 5.", "Otvára o ôsmej."),
        join("Tím obsadil 2. miesto.", "Tréner bol spokojný."),
    ],
    "he": [
        join("הוא הגיע הביתה.", "אחר כך הוא הלך לעבודה."),
        join("מי ישלם את החשבון?", "העירייה שותקת."),
        join('ד"ר כהן פרסם את המחקר.', "התוצאות מפתיעות."),
        join("האינפלציה עלתה ל-3.5 אחוזים.", "המחירים ממשיכים לעלות."),
        join("הכנסת אישרה את התקציב!", "האופוזיציה התנגדה."),
        join('צה"ל פרסם הודעה.', "ההודעה עסקה בתרגיל."),
        join("הישיבה התקיימה בירושלים.", "השתתפו בה שרים רבים."),
        join("האם הבחירות יתקיימו בזמן?", "ועדת הבחירות אישרה."),
    ],
    "fi": [
        join("Kokous pidetään 12. kesäkuuta.", "Kaikki ovat tervetulleita."),
        join("Hallitus hyväksyi budjetin.", "Oppositio vastusti sitä."),
        join("Kuka maksaa laskun?", "Kaupunki vaikenee."),
        join("Inflaatio nousi 3,1 prosenttiin.", "Hinnat nousevat."),
        join(
            "Paikalla oli mm. ministereitä ja kansanedustajia.",
            "Kokous kesti iltaan.",
        ),
        join("Prof. Virtanen johtaa tutkimusta.", "Hän on lääkäri."),
        join("Joukkue sijoittui 2. sijalle.", "Valmentaja oli tyytyväinen."),
        join("Tämä on historiallinen päivä!", "Ihmiset juhlivat."),
    ],
    "ml": [
        join("എ.കെ. ആന്റണി പ്രസംഗിച്ചു.", "പിന്നീട് യോഗം അവസാനിച്ചു."),
        join("ഡോ. മേനോൻ റിപ്പോർട്ട് പുറത്തുവിട്ടു.", "ഫലങ്ങൾ ആശ്ചര്യകരമാണ്."),
        join("തിരഞ്ഞെടുപ്പ് എപ്പോൾ നടക്കും?", "കമ്മീഷൻ തീരുമാനിച്ചിട്ടില്ല."),
        join("വിലക്കയറ്റം 5.6 ശതമാനമായി.", "ഇത് പ്രതീക്ഷിച്ചതിലും കൂടുതലാണ്."),
        join("മുഖ്യമന്ത്രി കൊച്ചിയിലെത്തി.", "അദ്ദേഹം യോഗത്തിൽ പങ്കെടുത്തു."),
        join("ഇത് ചരിത്ര ദിനമാണ്!", "ജനങ്ങൾ ആഘോഷിച്ചു."),
        join("ശ്രീ. നായർ സ്ഥാനമേറ്റു.", "ചടങ്ങ് ലളിതമായിരുന്നു."),
        join("കെ.ആർ. നാരായണൻ രാഷ്ട്രപതിയായിരുന്നു.", "അദ്ദേഹം മലയാളിയാണ്."),
    ],
    "pa": [
        join("ਉਹ ਘਰ ਗਿਆ।", "ਫਿਰ ਉਹ ਬਾਜ਼ਾਰ ਗਿਆ।"),
        join("ਡਾ. ਸਿੰਘ ਨੇ ਰਿਪੋਰਟ ਜਾਰੀ ਕੀਤੀ।", "ਨਤੀਜੇ ਹੈਰਾਨੀਜਨਕ ਹਨ।"),
        join("ਚੋਣਾਂ ਕਦੋਂ ਹੋਣਗੀਆਂ?", "ਕਮਿਸ਼ਨ ਨੇ ਫ਼ੈਸਲਾ ਨਹੀਂ ਕੀਤਾ।"),
        join("ਮਹਿੰਗਾਈ 6.1 ਫ਼ੀਸਦੀ ਰਹੀ।", "ਇਹ ਅੰਦਾਜ਼ੇ ਤੋਂ ਵੱਧ ਹੈ।"),
        join("ਮੁੱਖ ਮੰਤਰੀ ਅੱਜ ਅੰਮ੍ਰਿਤਸਰ ਪਹੁੰਚੇ।", "ਉਨ੍ਹਾਂ ਨੇ ਰੈਲੀ ਕੀਤੀ।"),
        join("ਇਹ ਇਤਿਹਾਸਕ ਦਿਨ ਹੈ!", "ਲੋਕਾਂ ਨੇ ਜਸ਼ਨ ਮਨਾਇਆ।"),
        join("ਸ. ਗੁਰਮੀਤ ਸਿੰਘ ਨੇ ਅਹੁਦਾ ਸੰਭਾਲਿਆ।", "ਸਮਾਗਮ ਸਾਦਾ ਸੀ।"),
        join("ਮੀਂਹ ਪੈ ਰਿਹਾ ਹੈ।", "ਸੜਕਾਂ ਤੇ ਪਾਣੀ ਹੈ।"),
    ],
    "sv": [
        join(
            "Regeringen presenterade bl.a. en ny skatt på flyg.",
            "Oppositionen är kritisk.",
        ),
        join("Mötet börjar kl. 14 i riksdagen.", "Det sänds direkt."),
        join(
            "Arbetslösheten steg till 8,4 procent i mars.",
            "Det är den högsta nivån sedan 2021.",
        ),
        join("Vem ska betala för bron?", "Kommunen vill inte svara."),
        join(
            "»Vi ger inte upp. Aldrig», sade statsministern.",
            "Sedan lämnade hon salen.",
        ),
        join("Prof. Anna Lind leder utredningen.", "Den ska vara klar i höst."),
        join("Bolaget säljer bilar, lastbilar m.m.", "Men vinsten sjönk."),
        join("Enligt t.ex. SCB har priserna stigit.", "Inflationen väntas falla."),
        join("Domen gäller fr.o.m. den 1 juli.", "Han tänker överklaga."),
        join("Kapt. Erik Berg ledde räddningen.", "Alla överlevde."),
        join("Doc. Lena Holm har granskat siffrorna.", "Hon är kritisk."),
    ],
    "no": [
        join("Valget holdes 9. september.", "Deretter begynner forhandlingene."),
        join("Laget endte på 3. plass.", "Det var likevel en god sesong."),
        join("Statsministeren møtte bl.a. Jonas Gahr Støre.", "De snakket om strøm."),
        join("Møtet starter kl. 10 på Stortinget.", "Det er åpent for publikum."),
        join("Prisene steg med 4,8 pst.", "Det er mer enn ventet."),
        join("Hvem skal betale regningen?", "Kommunen vil ikke svare."),
        join("«Vi gir oss ikke», sa ordføreren.", "Hun vil klage saken inn."),
        join("Ho kom heim 17. mai.", "Eg var der òg."),
        join("Dr. Kari Nordmann leder studien.", "Den er finansiert av staten."),
        join("Under Karl XII. Sverige tapte krigen.", "Det var slutt."),
        join("Kampen spilles 2. Juledag.", "Billettene er utsolgt."),
    ],
    "cs": [
        join("Volby se konají 3. října.", "Poté začne sčítání hlasů."),
        join("Ing. Jan Novák vede firmu od roku 2015.", "Je to rodinný podnik."),
        join("Tým skončil na 3. místě.", "Fanoušci byli přesto spokojeni."),
        join("Zákon platí podle čl. 5 odst. 2 ústavy.", "Opozice s tím nesouhlasí."),
        join("Kdo zaplatí účet?", "Vláda zatím mlčí."),
        join("„Nevzdáme se. Nikdy“, řekl premiér.", "Pak odešel ze sálu."),
        join("Inflace stoupla na 4,5 procenta, tj. nad odhad.", "Ceny rostou."),
        join("Ve XX. století byl Brno centrem průmyslu.", "Dnes žije z univerzit."),
        join("Firma vyrábí auta, kola apod.", "Ale zisk klesl."),
        join("Za vlády Karla IV. Praha vzkvétala.", "Pak přišly války."),
        join("MUDr. Petra Malá ošetřila zraněné.", "Nikdo nezemřel."),
        join("Dopis podepsal pplk. Karel Dvořák.", "Armáda to potvrdila."),
    ],
    "tr": [
        join("Seçim 14 Mayıs'ta yapılacak.", "Sonuçlar gece açıklanacak."),
        join("Prof. Dr. Ayşe Kaya toplantıya katıldı.", "Konuşması kısa sürdü."),
        join("Takım ligi 3. sırada bitirdi.", "Taraftarlar yine de memnundu."),
        join("Enflasyon yüzde 61,8 oldu.", "Bu, beklentilerin üzerinde."),
        join("Faturayı kim ödeyecek?", "Bakanlık henüz açıklama yapmadı."),
        join("Şirket Atatürk Cad. No. 12'de bulunuyor.", "Yaklaşık 40 kişi çalışıyor."),
        join(
            "2. Dünya Savaşı'ndan sonra şehir yeniden kuruldu.",
            "Bugün turizmle yaşıyor.",
        ),
        join("Şirket araç, yedek parça vb. satıyor.", "Ancak kârı düştü."),
        join("Şehir 2. Dünya Savaşı sırasında yıkıldı.", "Bugün turizmle yaşıyor."),
        join("Doç. Mehmet Yılmaz raporu hazırladı.", "Rapor yarın açıklanacak."),
        join("Av. Zeynep Demir davayı üstlendi.", "Duruşma ertelendi."),
        join(
            "“Geri adım atmayacağız. Asla” dedi bakan.", "Sendikalar grevi sürdürüyor."
        ),
    ],
    "ro": [
        join("Dl. Popescu a ajuns la ora 10.", "El a vorbit o oră."),
        join("Sediul este pe str. Lipscani nr. 12.", "Se deschide la prânz."),
        join(
            "Inflația a scăzut la 5,4% în martie.", "Este cel mai mic nivel din 2021."
        ),
        join("Cine plătește factura?", "Guvernul nu a răspuns."),
        join(
            "„Nu vom ceda. Niciodată”, a spus ministrul.", "Sindicatele continuă greva."
        ),
        join("Prof. dr. Ana Ionescu conduce studiul.", "Rezultatele apar în mai."),
        join("Legea se aplică potrivit art. 5 alin. 3.", "Opoziția contestă textul."),
        join("Firma vinde mașini, piese etc.", "Dar profitul a scăzut."),
        join(
            "Compania Dacia S.A. a raportat vânzări mai mari.", "Acțiunile au crescut."
        ),
        join("Dna. Ionescu a demisionat.", "Adjunctul ei preia funcția."),
        join("Documentul a fost semnat de gen. Mihai Pavel.", "Armata a confirmat."),
        join("Sediul este pe bd. Unirii.", "Se deschide la prânz."),
    ],
    "hu": [
        join(
            "A választást 2026. április 12-én tartják.", "Utána kezdődik a számlálás."
        ),
        join("A csapat a 3. helyen végzett.", "A szurkolók mégis elégedettek voltak."),
        join("Az ünnepség március 15.", "Az emberek zászlókkal vonultak."),
        join("Dr. Kovács János vezeti a kórházat.", "Ő kardiológus."),
        join("Az infláció 4,5 százalék volt, ill. ennél is több.", "Az árak nőnek."),
        join("A XX. században a város ipari központ volt.", "Ma a turizmusból él."),
        join("Ki fizeti a számlát?", "A kormány hallgat."),
        join(
            "„Nem adjuk fel. Soha” – mondta a miniszter.",
            "A szakszervezetek sztrájkolnak.",
        ),
        join("A cég autókat, buszokat stb. gyárt.", "De a nyeresége csökkent."),
        join("A Mol Nyrt. bejelentette az eredményeit.", "A részvények emelkedtek."),
        join(
            "A tatárjárás után IV. Béla újjáépítette az országot.", "Ez sokáig tartott."
        ),
        join("A dokumentumot özv. Nagy Istvánné írta alá.", "A család pert indít."),
        join("A szerződést ifj. Tóth Gábor írta alá.", "Az ügylet lezárult."),
    ],
    "ca": [
        join(
            "El Sr. Puig va arribar tard a la roda de premsa.",
            "Ningú no va preguntar res.",
        ),
        join(
            "La Dra. Vidal i el Prof. Soler van signar l'acord.", "Entra en vigor avui."
        ),
        join("L'atur va baixar fins al 8,7 %.", "És la xifra més baixa des del 2008."),
        join("Qui pagarà la factura?", "El Govern no respon."),
        join(
            "«No cedirem. Mai», va dir la consellera.",
            "Els sindicats mantenen la vaga.",
        ),
        join("La seu és a l'Av. Diagonal, núm. 12.", "Obre a les nou."),
        join("L'empresa ven cotxes, motos, etc.", "Però el benefici ha caigut."),
        join(
            "Segons l'informe, p. ex. a Girona, els preus pugen.",
            "El Govern ho estudia.",
        ),
        join("Mn. Joan Serra va oficiar la missa.", "Hi havia molta gent."),
        join("La Srta. Roca va guanyar el premi.", "Va ser una sorpresa."),
        join("Ho va explicar la Sra. Mas.", "Després va marxar."),
    ],
    "id": [
        join(
            "Presiden tiba di Jakarta pukul 10.00 WIB.", "Ia langsung menggelar rapat."
        ),
        join("Kantornya berada di Jl. Sudirman No. 5.", "Gedung itu baru direnovasi."),
        join(
            "Inflasi naik menjadi 3,5 persen pada Maret.", "Ini tertinggi sejak 2022."
        ),
        join("Siapa yang akan membayar tagihan itu?", "Pemerintah belum menjawab."),
        join(
            '"Kami tidak akan mundur. Tidak akan," kata menteri.',
            "Serikat buruh tetap mogok.",
        ),
        join(
            "Dr. Siti Rahma memimpin penelitian itu.", "Hasilnya diumumkan bulan depan."
        ),
        join(
            "Saham PT Astra International Tbk. naik 2 persen.",
            "Analis menilai kinerjanya baik.",
        ),
        join("Pasar menjual beras, gula, minyak, dsb.", "Namun harganya naik."),
        join(
            "Perusahaan itu menjual sayur, buah, dll.", "Mereka juga mengekspor kopi."
        ),
        join("Bpk. Joko Susilo membuka acara.", "Ia didampingi istrinya."),
        join("Sdr. Andi Wijaya hadir sebagai saksi.", "Sidang ditunda."),
        join("Ir. Soekarno membacakan proklamasi.", "Peristiwa itu terjadi pada 1945."),
        join("Syarikat itu ialah Petronas Sdn. Bhd.", "Ia milik kerajaan."),
    ],
    "sh": [
        join("Izbori se održavaju 28. listopada.", "Nakon toga počinje prebrojavanje."),
        join("Dr. Ivan Horvat vodi bolnicu od 2019.", "On je kardiolog."),
        join("Momčad je završila na 3. mjestu.", "Navijači su ipak bili zadovoljni."),
        join("Zakon vrijedi prema čl. 5 st. 2 Ustava.", "Oporba se ne slaže."),
        join("Tko će platiti račun?", "Vlada šuti."),
        join(
            "„Nećemo odustati. Nikada”, rekao je premijer.",
            "Zatim je napustio dvoranu.",
        ),
        join(
            "Inflacija je porasla na 4,5 posto, tj. iznad očekivanja.", "Cijene rastu."
        ),
        join("Tvrtka prodaje automobile, bicikle itd.", "Ali dobit je pala."),
        join("Седница је заказана за 14. октобар.", "Опозиција је најавила бојкот."),
        join("Др Петар Петровић је изабран за ректора.", "Он је професор права."),
        join("Ugovor je potpisao gosp. Marko Kovač.", "Vlada je to potvrdila."),
        join("Za vrijeme Karla IV. Zagreb je rastao.", "Zatim su došli ratovi."),
        join("Izjavu je dala gđa. Ana Marić.", "Ona je predsjednica udruge."),
        join("Doc. Ivana Babić predstavila je studiju.", "Rezultati su iznenadili."),
    ],
    "sl": [
        join("Volitve bodo 24. aprila.", "Nato se začne štetje glasov."),
        join(
            "Ekipa je končala na 3. mestu.", "Navijači so bili kljub temu zadovoljni."
        ),
        join("Dr. Janez Novak vodi kliniko od leta 2018.", "On je kardiolog."),
        join("Kdo bo plačal račun?", "Vlada molči."),
        join(
            "„Ne bomo odnehali. Nikoli,“ je dejal minister.",
            "Nato je zapustil dvorano.",
        ),
        join(
            "Inflacija je znašala 4,5 odstotka, tj. več od napovedi.", "Cene rastejo."
        ),
        join("Podjetje prodaja avtomobile, kolesa ipd.", "A dobiček je upadel."),
        join("Zakon velja po čl. 5 zakona o volitvah.", "Opozicija se ne strinja."),
        join("Pogodbo je podpisala ga. Maja Kos.", "Vlada je to potrdila."),
        join("Zmagal je na 5. Ljubljanskem maratonu.", "Tekel je dve uri."),
        join("Mag. Petra Zupan vodi projekt.", "Projekt traja tri leta."),
    ],
    "et": [
        join("Valimised toimuvad 5. märtsil.", "Seejärel algab häälte lugemine."),
        join("Meeskond saavutas 3. koha.", "Fännid olid siiski rahul."),
        join("Dr. Mari Tamm juhib haiglat.", "Ta on kardioloog."),
        join("Kes maksab arve?", "Valitsus vaikib."),
        join(
            "„Me ei anna alla. Mitte kunagi,“ ütles minister.",
            "Seejärel lahkus ta saalist.",
        ),
        join(
            "Hinnad tõusid 4,5 protsenti, s.o rohkem kui oodatud.",
            "Inflatsioon kiireneb.",
        ),
        join("Ettevõte müüb autosid, jalgrattaid jne.", "Kuid kasum langes."),
        join("Prof. Jaan Kask esitles uuringut.", "Tulemused üllatasid."),
        join("Kohtus esines hr. Mart Kask.", "Ta eitas süüd."),
        join("Lepingu allkirjastas pr. Liis Mets.", "Vallavalitsus kinnitas seda."),
        join("Ta õppis Tallinna 21. Koolis.", "Hiljem läks ta ülikooli."),
    ],
    "lt": [
        join(
            "Rinkimai vyks 2024 m. spalio 13 d.", "Po to prasidės balsų skaičiavimas."
        ),
        join("Spalio 14 d. Vyriausybė patvirtino biudžetą.", "Opozicija jį kritikavo."),
        join("Dr. Jonas Petraitis vadovauja ligoninei.", "Jis yra kardiologas."),
        join("Kas sumokės sąskaitą?", "Vyriausybė tyli."),
        join(
            "„Mes nepasiduosime. Niekada“, – sakė ministras.",
            "Paskui jis išėjo iš salės.",
        ),
        join("Infliacija siekė 4,5 proc., t. y. daugiau nei tikėtasi.", "Kainos kyla."),
        join(
            "Bendrovė parduoda automobilius, dviračius ir kt.", "Tačiau pelnas krito."
        ),
        join("Posėdis prasidės 14 val.", "Jis bus viešas."),
        join(
            "Pilis pastatyta XIV a.",
            "Vėliau ji buvo perstatyta.",
            "Dabar čia muziejus.",
        ),
        join("Sutartį pasirašė gerb. Ona Kazlauskienė.", "Ji yra merė."),
        join("Straipsnį parašė doc. Rūta Jonaitienė.", "Jis sulaukė dėmesio."),
    ],
    "lv": [
        join(
            "Vēlēšanas notiks 2026. gada 3. oktobrī.",
            "Pēc tam sāksies balsu skaitīšana.",
        ),
        join("Komanda ieguva 3. vietu.", "Fani tomēr bija apmierināti."),
        join("Dr. Anna Bērziņa vada slimnīcu.", "Viņa ir kardioloģe."),
        join("Kas samaksās rēķinu?", "Valdība klusē."),
        join(
            "„Mēs nepadosimies. Nekad,” sacīja ministrs.",
            "Pēc tam viņš izgāja no zāles.",
        ),
        join("Inflācija bija 4,5 procenti, t.i. vairāk nekā gaidīts.", "Cenas aug."),
        join("Uzņēmums pārdod automašīnas, velosipēdus u.c.", "Taču peļņa kritās."),
        join("Sēde sāksies plkst. 14 Saeimā.", "Tā būs atklāta."),
        join("Pils celta XIV gs.", "Vēlāk to pārbūvēja.", "Tagad tur ir muzejs."),
        join("Līgumu parakstīja 2. Saeimas deputāti.", "Tas bija vēsturisks brīdis."),
    ],
    "bn": [
        join("ড. মুহাম্মদ ইউনূস ঢাকায় ফিরেছেন।", "তিনি সংবাদ সম্মেলন করেন।"),
        join("মো. রফিকুল ইসলাম বলেন, দাম বেড়েছে।", "ক্রেতারা হতাশ।"),
        join("ডা. সামন্তা লাল সেন হাসপাতাল পরিদর্শন করেন।", "রোগীরা খুশি।"),
        join("মূল্যস্ফীতি ৯.৫ শতাংশে দাঁড়িয়েছে।", "এটি এক দশকে সর্বোচ্চ।"),
        join("নির্বাচন কবে হবে?", "সরকার এখনো জানায়নি।"),
        join("“আমরা পিছু হটব না। কখনো না,” বলেন মন্ত্রী।", "শ্রমিকেরা ধর্মঘট চালিয়ে যাচ্ছেন।"),
        join("এ. কে. ফজলুল হক এই দল গড়েছিলেন।", "তিনি শেরেবাংলা নামে পরিচিত।"),
        join("সভাটি ১৪ এপ্রিল হবে।", "সবাই আমন্ত্রিত।"),
        join("মোছা. রহিমা বেগম মামলা করেছেন।", "শুনানি আগামী মাসে।"),
    ],
    "sw": [
        join("Bw. Juma Hamisi aliwasili Dodoma jana.", "Alikutana na wabunge."),
        join("Dkt. Amina Mohamed aliongoza mkutano huo.", "Wajumbe walikubaliana."),
        join("Mhe. Rais alihutubia taifa usiku.", "Hotuba ilichukua saa moja."),
        join(
            "Mfumuko wa bei ulifikia asilimia 3,2 mwezi Machi.",
            "Hii ni chini ya matarajio.",
        ),
        join("Nani atalipa deni hilo?", "Serikali bado haijasema."),
        join(
            '"Hatutarudi nyuma. Kamwe," alisema waziri.',
            "Wafanyakazi waliendelea na mgomo.",
        ),
        join("Soko linauza mchele, sukari, mafuta n.k.", "Lakini bei zimepanda."),
        join("Bi. Fatuma Said alishinda kiti hicho.", "Wapinzani walikubali matokeo."),
        join("Aliandika barua kwa S.L.P. 9120 Dar es Salaam.", "Hakujibiwa."),
    ],
    "tl": [
        join(
            "Dumating si G. Santos sa pulong kahapon.", "Siya ay nagsalita nang maikli."
        ),
        join("Nagsalita si Sen. Maria Reyes sa plenaryo.", "Tumutol ang oposisyon."),
        join(
            "Si Atty. Jose Cruz ang abogado ng pamilya.",
            "Hindi pa siya nagbibigay ng pahayag.",
        ),
        join(
            "Umabot sa 6,1 porsiyento ang inflation noong Marso.",
            "Ito ang pinakamataas ngayong taon.",
        ),
        join("Sino ang magbabayad ng utang?", "Hindi pa sumasagot ang gobyerno."),
        join(
            '"Hindi kami aatras. Kailanman," sabi ng kalihim.', "Nagpatuloy ang welga."
        ),
        join(
            "Nagtitinda sila ng bigas, asukal, mantika, atbp.",
            "Pero tumaas ang presyo.",
        ),
        join("Ginanap ang pulong sa Brgy. San Roque.", "Dumalo ang mga residente."),
        join("Pinuri ni Gng. Dela Cruz ang mga guro.", "Nagpasalamat ang paaralan."),
    ],
    # Korean writes dates with full stops, year first, and glues its quotative
    # particle to the closing quote.
    "ko": [
        join("정부는 2024. 10. 14. 새 정책을 발표했다.", "야당은 즉각 반발했다."),
        join("이 법은 2023. 5. 1.부터 시행된다.", "위반하면 벌금이 부과된다."),
        join("발표일은 2024. 10. 14.", "그러나 일정은 바뀔 수 있다."),
        join("회의는 2024. 3. 오전에 열렸다.", "결과는 다음 주에 나온다."),
        join(
            '"우리는 물러서지 않는다. 절대로"라고 장관이 말했다.',
            "회의는 그대로 끝났다.",
        ),
        join("소비자물가가 3.5% 올랐다.", "정부는 대책을 내놓았다."),
        join("그는 왜 떠났나?", "아무도 모른다."),
        join("선거는 2026. 6. 3. 치러진다.", "투표율은 60%를 넘을 전망이다."),
        join("기자회견은 10. 14. 오후 2시에 열린다.", "장소는 서울 시청이다."),
        join("개정안 공포일은 2024. 12. 3.", "이번 개정으로 요금이 오른다."),
        join(
            "그는 '더는 못 참는다. 끝이다'라고 적었다.",
            "댓글이 수백 개 달렸다.",
        ),
        join(
            "위원회는 2025. 1. 2. 첫 회의를 열었다.",
            "위원장은 김 모 교수가 맡았다.",
        ),
    ],
}

LANGUAGES = sorted(CASES)

PARAMETERS = [
    pytest.param(language, text, expected, id=f"{language}-{number}")
    for language in LANGUAGES
    for number, (text, expected) in enumerate(CASES[language], start=1)
]


def pieces(text: str, language: str | None) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text, language)]


def test_every_supported_language_has_at_least_eight_cases():
    assert set(CASES) == languages.SUPPORTED
    assert all(len(cases) >= 8 for cases in CASES.values())


@pytest.mark.parametrize(("language", "text", "expected"), PARAMETERS)
def test_language_case(language, text, expected):
    """Each text splits into exactly its sentences in its language."""
    assert pieces(text, language) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_offsets_hold_in_every_language(language):
    """Spans index the text, are trimmed and ordered, and miss no visible text."""
    text = "\n\n".join(text for text, _ in CASES[language])
    spans = split_sentences(text, language)
    previous = 0
    for span in spans:
        assert previous <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        previous = span.end
    assert "".join(text[s.start : s.end] for s in spans).replace(" ", "") == (
        "".join(text.split())
    )


# The languages whose data files came after the first 29: each has cases that the
# language-independent mode gets wrong (titles, number signs and ordinals it does
# not know), so the file is what splits them.
ADDED_LANGUAGES = (
    *("sv", "no", "cs", "tr", "ro", "hu", "ca", "id", "sh", "sl"),
    *("et", "lt", "lv", "bn", "sw", "tl", "ko"),
)


@pytest.mark.parametrize("language", ADDED_LANGUAGES)
def test_an_added_language_needs_its_file(language):
    wrong = [
        text for text, expected in CASES[language] if pieces(text, "und") != expected
    ]
    assert len(wrong) >= 2, wrong


# --- tags and the language-independent mode --------------------------------------


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("de", "de"),
        ("de-AT", "de"),
        ("pt-BR", "pt"),
        ("zh-Hant-TW", "zh"),
        ("zh_Hans", "zh"),
        ("EN-gb", "en"),
        ("iw", "he"),
        ("cmn", "zh"),
        ("tlh", "und"),
        ("", "und"),
        (None, "und"),
        ("und", "und"),
        ("nb", "no"),
        ("nn-NO", "no"),
        ("no", "no"),
        ("sr-Latn", "sh"),
        ("sr-Cyrl-RS", "sh"),
        ("hr", "sh"),
        ("bs", "sh"),
        ("ms-MY", "id"),
        ("in", "id"),
        ("mo", "ro"),
        ("ces", "cs"),
        ("fil", "tl"),
        ("sw-KE", "sw"),
        ("x" * 500, "und"),
        ("-", "und"),
    ],
)
def test_language_tags_are_read_as_bcp_47(tag, code):
    assert languages.language_code(tag) == code


@pytest.mark.parametrize("tag", ["de-AT", "DE", "de_CH"])
def test_a_region_or_case_shares_the_language_profile(tag):
    assert languages.profile(tag) is languages.profile("de")


def test_an_unsupported_language_still_knows_every_script():
    """A text in a language without rules, or a mixed one, is split by every
    script's terminals."""
    text = (
        "Նա եկավ տուն։ Τι ώρα είναι; Είναι τρεις. 今天很好。明天见。 "
        "वह घर गया। ዛሬ ዝናብ ዘነበ። وہ کل آیا۔ هل ستأتي؟ Mr. Smith left."
    )
    expected = [
        "Նա եկավ տուն։",
        "Τι ώρα είναι;",
        "Είναι τρεις.",
        "今天很好。",
        "明天见。",
        "वह घर गया।",
        "ዛሬ ዝናብ ዘነበ።",
        "وہ کل آیا۔",
        "هل ستأتي؟",
        "Mr. Smith left.",
    ]
    for tag in ("und", "ka", "yo-NG", "", None):
        assert pieces(text, tag) == expected


def test_georgian_letters_open_sentences_though_unicode_calls_them_lower_case():
    text = "მთავრობამ ბიუჯეტი დაამტკიცა. ოპოზიცია წინააღმდეგი იყო."
    assert pieces(text, "ka") == [
        "მთავრობამ ბიუჯეტი დაამტკიცა.",
        "ოპოზიცია წინააღმდეგი იყო.",
    ]


def test_the_greek_question_mark_is_a_semicolon_only_in_greek():
    text = "He stopped; Then he went on."
    assert pieces(text, "en") == [text]
    assert pieces("Τι ώρα είναι; Είναι τρεις.", "el") == [
        "Τι ώρα είναι;",
        "Είναι τρεις.",
    ]


def test_english_is_the_default_and_the_language_changes_the_reading():
    text = "Die Wahl ist am 12. Juni. Danach wird gezählt."
    assert split_sentences(text) == split_sentences(text, "en")
    assert pieces(text, "en") == [
        "Die Wahl ist am 12.",
        "Juni.",
        "Danach wird gezählt.",
    ]
    assert pieces(text, "de") == ["Die Wahl ist am 12. Juni.", "Danach wird gezählt."]


def test_extract_claims_passes_the_language_to_the_splitter():
    text = "Die Wahl findet am 12. Juni statt. Danach wird ausgezählt."
    spans = [(span.start, span.end) for span in split_sentences(text, "de")]
    assert [(c.start, c.end) for c in extract_claims(text, language="de")] == spans
    assert len(extract_claims(text)) == 3


# --- the data files ----------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(languages.SUPPORTED - {"en"}))
def test_each_data_file_reads_and_credits_what_it_took(code):
    path = languages.DATA_DIRECTORY / f"{code}.txt"
    header = path.read_text(encoding="utf-8").split("\n[", 1)[0]
    assert header.startswith("# ")
    if "pySBD" in header or "sentencex" in header:
        assert "MIT License" in header
    language = languages.read_data(code)
    assert language.code == code


def test_a_data_file_with_an_unknown_section_is_refused(tmp_path, monkeypatch):
    (tmp_path / "xx.txt").write_text("[titles]\ndr\n", encoding="utf-8")
    monkeypatch.setattr(languages, "DATA_DIRECTORY", tmp_path)
    with pytest.raises(ValueError, match="unknown section"):
        languages.read_data("xx")


def test_profiles_are_read_lazily_once():
    """No data file is read at import; a language's file is read on its first text."""
    script = (
        "from annotations.extraction.splitting import split_sentences\n"
        "from annotations.extraction.splitting import sentence_languages as languages\n"
        "reads = []\n"
        "original = languages.read_data\n"
        "languages.read_data = lambda code: reads.append(code) or original(code)\n"
        "assert reads == [], reads\n"
        "split_sentences('Der Dr. kam. Er ging.', 'de')\n"
        "split_sentences('Die Wahl ist am 12. Juni.', 'de-AT')\n"
        "split_sentences('Plain English.')\n"
        "assert reads == ['de'], reads\n"
    )
    subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, check=True, capture_output=True
    )


@pytest.mark.parametrize("tag", [42, b"de", ["de"]])
def test_a_tag_that_is_not_a_string_is_read_as_undetermined(tag):
    assert pieces("Hello there. 今天很好。", tag) == ["Hello there.", "今天很好。"]


# --- English: the gaps the held-out specifications showed -------------------------

ENGLISH_GAPS = [
    pytest.param(
        "Residents can bring these items to the depot\nold paint in closed tins\n"
        "batteries from cars and phones\nfluorescent tubes and bulbs",
        [
            "Residents can bring these items to the depot",
            "old paint in closed tins",
            "batteries from cars and phones",
            "fluorescent tubes and bulbs",
        ],
        id="list-items-one-per-line",
    ),
    pytest.param(
        "The council agreed on three priorities for the coming year\n"
        "repair the flood barriers along the river\n"
        "hire twenty more nurses for the clinics\nkeep the libraries open",
        [
            "The council agreed on three priorities for the coming year",
            "repair the flood barriers along the river",
            "hire twenty more nurses for the clinics",
            "keep the libraries open",
        ],
        id="long-list-items-one-per-line",
    ),
    pytest.param(
        '"I was going to--" "Stop right there," she said.',
        ['"I was going to--"', '"Stop right there," she said.'],
        id="double-hyphen-broken-quotation",
    ),
    pytest.param(
        "Why did you leave? - I had no choice.",
        ["Why did you leave?", "- I had no choice."],
        id="spaced-hyphen-after-question",
    ),
    pytest.param(
        'He waited... "We have lost. It is over." Then he left.',
        ["He waited...", '"We have lost. It is over."', "Then he left."],
        id="quotation-after-ellipsis",
    ),
    pytest.param(
        "The effect was confirmed.12 13 Later work disagreed.",
        ["The effect was confirmed.12 13", "Later work disagreed."],
        id="two-reference-numbers",
    ),
    pytest.param(
        "The effect was confirmed.4,5 Later work disagreed.",
        ["The effect was confirmed.4,5", "Later work disagreed."],
        id="reference-number-list",
    ),
    pytest.param(
        "The mayor left early.She did not comment.",
        ["The mayor left early.", "She did not comment."],
        id="no-space-after-full-stop",
    ),
    pytest.param(
        "Write to jane.Doe@example.com today. Or call.",
        ["Write to jane.Doe@example.com today.", "Or call."],
        id="no-split-inside-an-address",
    ),
    pytest.param(
        "Take route no. A13 north. It is faster.",
        ["Take route no. A13 north.", "It is faster."],
        id="number-sign-before-a-code",
    ),
    pytest.param(
        "Follow-up lasted 3.3 mos. (range 6 wks. to 12 mos.) in most patients. "
        "Results varied.",
        [
            "Follow-up lasted 3.3 mos. (range 6 wks. to 12 mos.) in most patients.",
            "Results varied.",
        ],
        id="unit-abbreviations-before-a-bracket",
    ),
    pytest.param(
        "(The vote was delayed. "
        + "Members argued about the budget for many hours that night. " * 8
        + "It ended at dawn.) The bill passed.",
        [
            "(The vote was delayed. "
            + "Members argued about the budget for many hours that night. " * 8
            + "It ended at dawn.)",
            "The bill passed.",
        ],
        id="long-bracket-holding-sentences",
    ),
    pytest.param(
        "Sen. J. A. Smith voted no. The bill failed.",
        ["Sen. J. A. Smith voted no.", "The bill failed."],
        id="initial-spelling-a-starter",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH_GAPS)
def test_english_gaps(text, expected):
    assert pieces(text, "en") == expected


# --- the categories the issue names, across languages -----------------------------

CATEGORIES = [
    pytest.param(
        "es",
        "La sede de la O.N.U. El organismo anunció una reunión.",
        ["La sede de la O.N.U.", "El organismo anunció una reunión."],
        id="acronym-before-a-spanish-starter",
    ),
    pytest.param(
        "fr",
        "Il travaille pour la S.N.C.F. Elle recrute cette année.",
        ["Il travaille pour la S.N.C.F.", "Elle recrute cette année."],
        id="acronym-before-a-french-starter",
    ),
    pytest.param(
        "de",
        "Er arbeitet für die U.S.A. Die Firma ist groß.",
        ["Er arbeitet für die U.S.A.", "Die Firma ist groß."],
        id="acronym-before-a-german-starter",
    ),
    pytest.param(
        "hi",
        "वह घर गया। iPhone की बिक्री बढ़ी।",
        ["वह घर गया।", "iPhone की बिक्री बढ़ी।"],
        id="lower-case-start-after-a-danda",
    ),
    pytest.param(
        "zh",
        "市场很好。iPhone销量上升。",
        ["市场很好。", "iPhone销量上升。"],
        id="lower-case-start-after-a-chinese-full-stop",
    ),
    pytest.param(
        "ru",
        "Не знаю… Может быть, завтра.",
        ["Не знаю…", "Может быть, завтра."],
        id="sentence-after-an-ellipsis",
    ),
    pytest.param(
        "pl",
        "Zapytał: czy to prawda? — odpowiedziała, że tak. Potem wyszła.",
        ["Zapytał: czy to prawda? — odpowiedziała, że tak.", "Potem wyszła."],
        id="dash-attribution-after-a-question-pl",
    ),
    pytest.param(
        "es",
        "¿Vienes mañana? —preguntó Ana. Nadie respondió.",
        ["¿Vienes mañana? —preguntó Ana.", "Nadie respondió."],
        id="dash-attribution-after-a-question-es",
    ),
    pytest.param(
        "uk",
        "Ти прийдеш? — запитала вона. Він мовчав.",
        ["Ти прийдеш? — запитала вона.", "Він мовчав."],
        id="dash-attribution-after-a-question-uk",
    ),
]


CATEGORIES += [
    pytest.param(
        language,
        text,
        expected,
        id=f"quotation-marks-{language}",
    )
    for language, text, expected in [
        (
            "de",
            "Er nannte es ‚eine Farce.‘ Die Partei widersprach.",
            ["Er nannte es ‚eine Farce.‘", "Die Partei widersprach."],
        ),
        (
            "fi",
            "”Tämä on totta. Se on varmaa,” hän sanoi. Sitten hän lähti.",
            ["”Tämä on totta. Se on varmaa,” hän sanoi.", "Sitten hän lähti."],
        ),
        (
            "pl",
            "„To koniec. Nie wrócę”, powiedział. Potem wyszedł.",
            ["„To koniec. Nie wrócę”, powiedział.", "Potem wyszedł."],
        ),
        (
            "nl",
            "„Dit is het einde. Echt”, zei hij. Daarna vertrok hij.",
            ["„Dit is het einde. Echt”, zei hij.", "Daarna vertrok hij."],
        ),
        (
            "sv",
            "»Vi kommer. Säkert», sade han. Sedan gick han.",
            ["»Vi kommer. Säkert», sade han.", "Sedan gick han."],
        ),
    ]
]


@pytest.mark.parametrize(("language", "text", "expected"), CATEGORIES)
def test_issue_categories(language, text, expected):
    assert pieces(text, language) == expected


# A quotation closed after a word, not punctuation, while the sentence goes on
# after it: the sentence ends inside stay inside. Before a capital that opens a
# sentence it protects nothing (the mark may be stray), and a quotation closed
# after a full stop has ended its sentence.
QUOTATIONS_CLOSED_AFTER_A_WORD = [
    (
        "en",
        '"We will not retreat. Never" said the minister. The talks ended.',
        ['"We will not retreat. Never" said the minister.', "The talks ended."],
    ),
    (
        "en",
        '"The vote is over. We won", the senator said. Aides cheered.',
        ['"The vote is over. We won", the senator said.', "Aides cheered."],
    ),
    (
        "en",
        'He called the plan "a disgrace. Simply shameful" and walked out. '
        "Reporters followed him.",
        [
            'He called the plan "a disgrace. Simply shameful" and walked out.',
            "Reporters followed him.",
        ],
    ),
    (
        "en",
        'He called the plan "a disgrace. Simply shameful". Others agreed.',
        ['He called the plan "a disgrace. Simply shameful".', "Others agreed."],
    ),
    (
        "en",
        '"Prices rose again. Nobody expected it" Jones said on Tuesday. Markets fell.',
        [
            '"Prices rose again. Nobody expected it" Jones said on Tuesday.',
            "Markets fell.",
        ],
    ),
    (
        "en",
        "'We will not retreat. Never' said the minister. The talks ended.",
        ["'We will not retreat. Never' said the minister.", "The talks ended."],
    ),
    (
        "en",
        'The banner read "Stop the war. Now" — said to be hers. It was taken down.',
        [
            'The banner read "Stop the war. Now" — said to be hers.',
            "It was taken down.",
        ],
    ),
    (
        "en",
        '"We will not retreat." The minister left.',
        ['"We will not retreat."', "The minister left."],
    ),
    (
        "en",
        'He said: "We won. We will win again." Then he left.',
        ['He said: "We won. We will win again."', "Then he left."],
    ),
    (
        "en",
        "He left 'cause he was tired. The players' union said nothing.",
        ["He left 'cause he was tired.", "The players' union said nothing."],
    ),
    (
        "es",
        '"No nos rendiremos. Nunca" dijo el ministro. La sesión terminó.',
        ['"No nos rendiremos. Nunca" dijo el ministro.', "La sesión terminó."],
    ),
    (
        "es",
        '"La guerra terminó. Ganamos", dijo el general. Nadie aplaudió.',
        ['"La guerra terminó. Ganamos", dijo el general.', "Nadie aplaudió."],
    ),
    (
        "fr",
        '"Nous ne reculerons pas. Jamais" a déclaré le ministre. La séance a été '
        "levée.",
        [
            '"Nous ne reculerons pas. Jamais" a déclaré le ministre.',
            "La séance a été levée.",
        ],
    ),
    (
        "de",
        '"Wir weichen nicht zurück. Niemals", sagte der Minister. Die Sitzung endete.',
        [
            '"Wir weichen nicht zurück. Niemals", sagte der Minister.',
            "Die Sitzung endete.",
        ],
    ),
    (
        "de",
        '"Wir weichen nicht zurück. Niemals" sagte der Minister.',
        ['"Wir weichen nicht zurück. Niemals" sagte der Minister.'],
    ),
    (
        "it",
        '"Non ci ritireremo. Mai" ha detto il ministro. Poi è uscito.',
        ['"Non ci ritireremo. Mai" ha detto il ministro.', "Poi è uscito."],
    ),
    (
        "pt",
        '"Não vamos recuar. Nunca" disse o ministro. A reunião terminou.',
        ['"Não vamos recuar. Nunca" disse o ministro.', "A reunião terminou."],
    ),
    (
        "pl",
        '"Nie wycofamy się. Nigdy" powiedział minister. Potem wyszedł.',
        ['"Nie wycofamy się. Nigdy" powiedział minister.', "Potem wyszedł."],
    ),
    (
        "nl",
        '"We geven niet op. Nooit" zei de minister. Daarna vertrok hij.',
        ['"We geven niet op. Nooit" zei de minister.', "Daarna vertrok hij."],
    ),
    (
        "ko",
        '"우리는 물러서지 않는다. 절대로"라고 장관이 말했다. 회의는 끝났다.',
        ['"우리는 물러서지 않는다. 절대로"라고 장관이 말했다.', "회의는 끝났다."],
    ),
    (
        "es",
        '"No nos rendiremos." El ministro se fue.',
        ['"No nos rendiremos."', "El ministro se fue."],
    ),
    (
        "en",
        'The sign said "Closed. Go away" (in red). Nobody left.',
        ['The sign said "Closed. Go away" (in red).', "Nobody left."],
    ),
    (
        "en",
        '"We won. Then the 12" pipe burst. Crews came.',
        ['"We won.', 'Then the 12" pipe burst.', "Crews came."],
    ),
    (
        "ko",
        "그는 ‘더는 못 참는다. 끝이다’라고 적었다. 댓글이 달렸다.",
        ["그는 ‘더는 못 참는다. 끝이다’라고 적었다.", "댓글이 달렸다."],
    ),
    (
        "ar",
        '"لن نتراجع. أبدا" قال الوزير أمس. وانتهت الجلسة.',
        ['"لن نتراجع. أبدا" قال الوزير أمس.', "وانتهت الجلسة."],
    ),
    (
        "he",
        'השר אמר "לא נסוג. לעולם" ועזב את האולם. הישיבה הסתיימה.',
        ['השר אמר "לא נסוג. לעולם" ועזב את האולם.', "הישיבה הסתיימה."],
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    QUOTATIONS_CLOSED_AFTER_A_WORD,
    ids=[
        f"{case[0]}-{number}"
        for number, case in enumerate(QUOTATIONS_CLOSED_AFTER_A_WORD, 1)
    ],
)
def test_a_quotation_closed_after_a_word_keeps_its_sentence(language, text, expected):
    assert pieces(text, language) == expected


# Dates written with full stops, year first (Korean, Hungarian): the full stops
# before the month and the day go on; after the date's last part a sentence
# ends only before a word that opens one. Languages writing day first (Czech)
# keep their ordinal rule, and English a year that ends a sentence.
DOTTED_DATES = [
    (
        "hu",
        "A kormány 2024. 10. 14. napján döntött. A parlament elfogadta.",
        ["A kormány 2024. 10. 14. napján döntött.", "A parlament elfogadta."],
    ),
    (
        "hu",
        "A törvény 2025. 01. 01-jén lép hatályba. Addig a régi szabály él.",
        ["A törvény 2025. 01. 01-jén lép hatályba.", "Addig a régi szabály él."],
    ),
    (
        "hu",
        "A határidő 2024. 10. 14. A kérelmeket addig kell beadni.",
        ["A határidő 2024. 10. 14.", "A kérelmeket addig kell beadni."],
    ),
    (
        "hu",
        "A szerződést 2023. 12. 5-én írták alá. Az ára titkos maradt.",
        ["A szerződést 2023. 12. 5-én írták alá.", "Az ára titkos maradt."],
    ),
    (
        "hu",
        "2024. 3. 15. óta tart a sztrájk. Senki sem enged.",
        ["2024. 3. 15. óta tart a sztrájk.", "Senki sem enged."],
    ),
    (
        "hu",
        "Az adat a 2022. 6. 30-i állapotot tükrözi. Azóta sok minden változott.",
        [
            "Az adat a 2022. 6. 30-i állapotot tükrözi.",
            "Azóta sok minden változott.",
        ],
    ),
    (
        "hu",
        "A rendelet a 2024. 4. 1. utáni szerződésekre vonatkozik. A többire nem.",
        [
            "A rendelet a 2024. 4. 1. utáni szerződésekre vonatkozik.",
            "A többire nem.",
        ],
    ),
    (
        "hu",
        "Az ülés 2024. október 14-én kezdődött. A vita hosszú volt.",
        ["Az ülés 2024. október 14-én kezdődött.", "A vita hosszú volt."],
    ),
    (
        "hu",
        "A mérkőzést 2024. 1. 2. játszották. Ma döntenek a folytatásról.",
        ["A mérkőzést 2024. 1. 2. játszották.", "Ma döntenek a folytatásról."],
    ),
    (
        "ko",
        "정부는 2024. 10. 14. 새 정책을 발표했다. 그리고 2025. 1. 1. 시행한다.",
        ["정부는 2024. 10. 14. 새 정책을 발표했다.", "그리고 2025. 1. 1. 시행한다."],
    ),
    (
        "ko",
        "마감은 2024. 11. 또한 연장은 없다.",
        ["마감은 2024. 11.", "또한 연장은 없다."],
    ),
    (
        "ko",
        "회의는 2024. 10. 14. (월) 열린다. 장소는 서울이다.",
        ["회의는 2024. 10. 14. (월) 열린다.", "장소는 서울이다."],
    ),
    (
        "hu",
        "Az 1. helyezett 2024. 5. 3. kapta meg a díjat. A 2. helyezett nem jött el.",
        [
            "Az 1. helyezett 2024. 5. 3. kapta meg a díjat.",
            "A 2. helyezett nem jött el.",
        ],
    ),
    (
        "cs",
        "Vláda rozhodla 14. 10. 2024 o rozpočtu. Parlament souhlasil.",
        ["Vláda rozhodla 14. 10. 2024 o rozpočtu.", "Parlament souhlasil."],
    ),
    (
        "en",
        "The law passed in 2024. 15 people were hurt in the protests.",
        ["The law passed in 2024.", "15 people were hurt in the protests."],
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    DOTTED_DATES,
    ids=[f"{case[0]}-{number}" for number, case in enumerate(DOTTED_DATES, 1)],
)
def test_a_date_written_with_full_stops_is_one_date(language, text, expected):
    assert pieces(text, language) == expected


# --- properties in every language -------------------------------------------------

SCRIPT_PIECES = st.sampled_from(
    [
        *("。", "！", "？", "．", "３", "２", "《", "》", "「", "」", "『", "』"),
        *("։", ":", "Ա", "ա", "؟", "۔", "।", "॥", "။", "።", "፧", ";", "\u037e"),
        *("Ω", "ω", "„", "“", "‚", "‘", "»", "«", "”", "—", "--", "-", " — "),
        *("Dr.", "Nr.", "č.", "12.", "XII.", "т. д.", "г.", "A.", "И.", "M."),
        *("Die", "El", "Он", "Ο", "و", "यह", "iPhone", "ა", "ბ", "l'Avv.", "EE."),
        *(".", "?", "!", "…", " ", "\n", "\n\n", "a", "Z", "5", "(", ")", '"'),
        *("2024. ", "10. ", "라고", "가", "'"),
    ]
)
SCRIPT_TEXT = st.lists(SCRIPT_PIECES | st.text(max_size=3), max_size=50).map("".join)


@settings(max_examples=300, deadline=None)
@given(SCRIPT_TEXT, st.sampled_from([*LANGUAGES, "und"]))
def test_spans_hold_in_any_language_on_any_text(text, language):
    """Spans are sorted, disjoint, trimmed and hold every visible character."""
    spans = split_sentences(text, language)
    previous = 0
    for span in spans:
        assert previous <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        previous = span.end
    assert "".join("".join(text[s.start : s.end].split()) for s in spans) == (
        "".join(text.split())
    )


@pytest.mark.parametrize("language", ["de", "zh", "hy", "el", "und"])
@pytest.mark.parametrize(
    "text",
    [
        "。" * 200_000,
        "３．" * 100_000,
        "《" * 200_000,
        "Ա: " * 70_000,
        "α; " * 70_000,
        "a.B" * 70_000,
        "12. " * 60_000,
        "т. " * 70_000,
    ],
    ids=[
        "stops",
        "decimals",
        "titles",
        "colons",
        "semicolons",
        "glued",
        "ordinals",
        "spaced",
    ],
)
def test_pathological_text_in_other_scripts_is_split_in_linear_time(text, language):
    """Inputs built from the new rules' characters finish and stay valid."""
    spans = split_sentences(text, language)
    assert all(span.start < span.end for span in spans)


@pytest.mark.parametrize("language", ["ko", "hu", "en", "und"])
@pytest.mark.parametrize(
    "text",
    [
        "2024. " * 60_000,
        "1. 2. 그 " * 40_000,
        '"가. 나"라 ' * 40_000,
        '"A. b" c ' * 40_000,
    ],
    ids=["years", "dates", "particles", "quotations"],
)
def test_pathological_dates_and_quotations_are_split(text, language):
    """Dotted dates and quotations closed after a word, repeated, finish."""
    spans = split_sentences(text, language)
    assert all(span.start < span.end for span in spans)
