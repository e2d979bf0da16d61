"""German: how news copy marks its bylines, dates, credits and speakers."""

from annotations.extraction.splitting.lexicon import Lexicon

_VERBS = """
sagte sagten sagt sagen erklärte erklärten erklärt betonte betonten betont
warnte warnten warnt kritisierte kritisierten kritisiert bestätigte bestätigten
bestätigt meinte meinten meint berichtete berichteten berichtet forderte
forderten fordert sprach schrieb schreibt räumte erläuterte erläutert
versicherte versichert unterstrich bekräftigte verwies hieß heißt zitierte
argumentierte ergänzte fügte schätzte schätzt rechnet rechnete vermutete
behauptete behauptet dementierte beklagte bemängelte
"""

LEXICON = Lexicon(
    language="de",
    speech_verbs=_VERBS,
    # "teilte … mit", "gab … an", "kündigte … an", "räumte … ein", "fügte … hinzu".
    separable_verbs={
        "teilte": "mit",
        "teilten": "mit",
        "teilt": "mit",
        "gab": "an",
        "gaben": "an",
        "kündigte": "an",
        "kündigten": "an",
        "räumte": "ein",
        "fügte": "hinzu",
        "wies": "hin",
    },
    # "wie" only opening a clause before its subject: "Wie die Polizei mitteilte".
    according_to=(
        r"laut|nach Angaben(?: von)?|nach Auskunft(?: von)?|gemäß"
        r"|(?:(?<=^)|(?<=,\s))wie(?=\s+(?:der|die|das|den|dem|ein|eine)\s)"
    ),
    capitalised_sources=True,
    quote_markers="so",
    according_to_after=r"zufolge",
    complementizers="dass ob",
    phrase_stops="""
        am im in an auf bei beim mit nach vor seit während gegenüber über unter
        zum zur vom aus durch für gegen um bis heute gestern morgen bereits auch
        noch nun jedoch aber zudem außerdem dass ob wenn als weil nicht es
        man sich
    """,
    # German puts the verb second: after an adverbial, the subject follows it.
    subject_after_openers="""
        am im in an auf bei beim mit nach vor seit während gegenüber über unter
        zum zur vom aus durch für gegen um bis das dies dies dazu damit darauf
        daher deshalb außerdem zudem auch heute gestern so dann nun später zuvor
        bereits jetzt zunächst dabei demnach laut
    """,
    relatives="der die das dem den deren dessen welcher welche welches",
    joiners="und aber oder sondern denn doch wie",
    prepositions="am im in an auf bei beim mit nach vor seit während gegenüber über "
    "unter zum zur vom aus durch für gegen um bis von",
    person_pronouns="er sie",
    group_pronouns="sie",
    determiners="der die das den dem des ein eine einen einem einer eines sein seine "
    "ihr ihre",
    group_words="""
        unternehmen firma konzern regierung ministerium polizei feuerwehr
        stadt gemeinde behörde partei gewerkschaft gericht rat kommission bank
        gruppe verein verband universität klinik krankenhaus staatsanwaltschaft
        bundesregierung landesregierung
    """,
    role_words="""
        sprecher sprecherin minister ministerin präsident präsidentin
        bürgermeister bürgermeisterin direktor direktorin chef chefin leiter
        leiterin experte expertin anwalt anwältin staatsanwalt staatsanwältin
        richter richterin forscher forscherin abgeordnete abgeordneter kanzler
        kanzlerin ökonom ökonomin gewerkschaftschef
    """,
    institution_words="""
        ministerium regierung polizei feuerwehr behörde amt bundesamt landesamt
        partei gewerkschaft gericht rat kommission bank universität institut
        verband verein stiftung klinik krankenhaus staatsanwaltschaft bundestag
        landtag senat agentur zentrale gmbh ag
    """,
    compound_names=True,
    byline_prefixes=r"Von|VON|Ein Bericht von|Ein Kommentar von|Text",
    and_words="und",
    name_particles="von van der den de zu",
    months="""Januar Februar März April Mai Juni Juli August September Oktober
    November Dezember Jänner""",
    month_abbreviations="Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez",
    weekdays="Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Sonnabend",
    date_forms=(
        r"(?:(?:am\s+)?{weekday},?\s+)?(?:den\s+)?[0-9]{1,2}\.\s*{month}\.?"
        r"(?:\s+[0-9]{4})?"
    ),
    time_forms=(
        r"(?:(?:um|,|-)\s+)?[0-9]{1,2}[:.][0-9]{2}\s*(?:Uhr)?(?:\s+(?:MEZ|MESZ))?"
    ),
    stamp_prefixes=(
        r"veröffentlicht(?:\s+am)?|aktualisiert(?:\s+am)?"
        r"|zuletzt aktualisiert(?:\s+am)?"
        r"|stand|erstellt(?:\s+am)?|geändert(?:\s+am)?"
    ),
    relative_times=(
        r"vor\s+(?:einer|einem|[0-9]{1,3})\s+(?:Sekunden?|Minuten?|Min\.?|Stunden?|Std\.?"
        r"|Tag(?:en)?|Wochen?|Monat(?:en)?)"
        r"|(?:heute|gestern)(?:,?\s+[0-9]{1,2}[:.][0-9]{2}\s*(?:Uhr)?)?"
    ),
    credit_labels=r"Foto|Fotos|Bild|Bilder|Quelle|Grafik|Illustration|Video|Archivfoto",
    caption_prefixes=r"Auf dem Bild|Im Bild|Archivbild|Symbolbild|Das Foto zeigt",
    footer_forms=(
        r"\(?Mit Material (?:von|der|des)\b|\(?Mit Agenturmaterial\b"
        r"|\((?:dpa|afp|AFP|Reuters|epd|KNA|AP|dpa-AFX)(?:[/, ][^\n)]{0,30})?\)\Z"
        r"|Dieser (?:Artikel|Beitrag|Text) (?:wurde|ist) (?:zuerst )?(?:veröffentlicht"
        r"|aktualisiert|erschienen)"
        r"|Alle Rechte vorbehalten"
    ),
    note_labels=(
        r"Lesen Sie auch|LESEN SIE AUCH|Lesen Sie mehr|Auch interessant|Mehr zum Thema"
        r"|Korrektur|Korrekturhinweis|Anmerkung der Redaktion|Hinweis der Redaktion"
        r"|Transparenzhinweis|Siehe auch|Das könnte Sie auch interessieren|Hören Sie"
    ),
    link_headings=(
        r"Mehr zum Thema|Meistgelesen|Das könnte Sie auch interessieren"
        r"|Weitere Artikel|Verwandte Artikel|Auch interessant"
    ),
    chrome_forms=(
        r"Anzeige|Werbung|Teilen(?: auf \w+)?|Artikel teilen|Jetzt abonnieren"
        r"|Kommentare|Artikel anhören|Merken|Wird geladen[ .…]*|Weiterlesen"
        r"|Zum Artikel"
    ),
    small_title_words="der die das und oder in im am an auf für mit von zu zum zur",
    finite_verb=(
        r"ist|sind|war|waren|hat|haben|hatte|hatten|wird|werden|wurde|wurden|kann"
        r"|können|soll|sollen|will|wollen|muss|müssen|gibt|geht|steht|bleibt"
        r"|\w{3,}(?:te|ten|tet)"
    ),
    question_openers="wer was wann wo wie warum wieso weshalb welche welcher welches "
    "wie viel wieviel ist sind gibt kann",
)
