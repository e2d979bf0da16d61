"""French: how news copy marks its bylines, dates, credits and speakers."""

# The patterns match typographic apostrophes and quotes on purpose.
# ruff: noqa: RUF001

from annotations.extraction.splitting.lexicon import Lexicon

# Simple forms, and participles after "a", "ont", "avait" ("a déclaré").
_VERBS = """
dit disent déclare déclarent affirme affirment assure assurent explique
expliquent indique indiquent estime estiment souligne soulignent ajoute
ajoutent précise précisent annonce annoncent rappelle rappellent prévient
préviennent martèle insiste dénonce dénoncent regrette reconnaît confirme
confirment admet avertit juge jugent considère considèrent observe note
relève raconte raconte confie déplore réagit répond répondent
déclara affirma expliqua indiqua ajouta précisa annonça assura
"""
_PARTICIPLES = """
dit déclaré affirmé assuré expliqué indiqué estimé souligné ajouté précisé
annoncé rappelé prévenu martelé insisté dénoncé regretté reconnu confirmé admis
averti jugé considéré observé noté relevé raconté confié déploré réagi répondu
promis assuré fait savoir
"""

LEXICON = Lexicon(
    language="fr",
    speech_verbs=_VERBS,
    auxiliaries="a ont avait avaient aurait auraient",
    participles=_PARTICIPLES,
    inverted_pronouns="il elle ils elles on",
    according_to=r"selon|d['’]après|de l['’]avis de|aux yeux de",
    complementizers="que qu'",
    phrase_stops="""
        à au aux en dans sur sous avec contre chez depuis pendant durant par pour
        lors dès après avant vers ce cette mardi hier aujourd'hui également aussi
        encore déjà ne n'a pas qui quand lorsque où comme car si tandis devant
    """,
    relatives="qui que qu' dont lequel laquelle lesquels lesquelles",
    joiners="et mais ou ni or donc car",
    prepositions="à au aux de du des en dans sur sous avec contre chez depuis "
    "pendant par pour lors après avant vers devant",
    person_pronouns="il elle",
    group_pronouns="ils elles",
    determiners="le la les l' l’ un une des son sa ses leur leurs ce cette",
    group_words="""
        entreprise société gouvernement ministère police gendarmerie mairie
        préfecture organisation agence parti syndicat tribunal conseil commission
        banque groupe club fédération association université hôpital parquet
        institution autorité
    """,
    role_words="""
        porte-parole ministre président présidente maire directeur directrice
        secrétaire responsable expert experte avocat avocate procureur procureure
        juge chercheur chercheuse député députée sénateur sénatrice préfet
        préfète adjoint adjointe économiste
    """,
    institution_words="""
        ministère gouvernement police gendarmerie mairie préfecture conseil
        commission tribunal cour parquet banque université institut insee agence
        parti syndicat fédération association fondation hôpital service direction
        assemblée sénat élysée observatoire office autorité sa sas
    """,
    byline_prefixes=r"Par|PAR|Propos recueillis par|Texte",
    and_words="et",
    name_particles="de du des la le d'",
    months="""janvier février mars avril mai juin juillet août septembre octobre
    novembre décembre""",
    month_abbreviations="janv févr avr juil sept oct nov déc",
    weekdays="lundi mardi mercredi jeudi vendredi samedi dimanche",
    date_forms=(
        r"(?:(?:le\s+)?{weekday}\s+)?(?:[0-9]{1,2}|1er)\s+{month}\.?"
        r"(?:\s+[0-9]{4})?"
    ),
    time_forms=(
        r"(?:(?:à|-)\s+)?[0-9]{1,2}\s?h\s?[0-9]{2}|(?:(?:à|-)\s+)?[0-9]{1,2}:[0-9]{2}"
        r"|(?:à\s+)?[0-9]{1,2}\s?h\b"
    ),
    stamp_prefixes=(
        r"publié(?:\s+le)?|mis à jour(?:\s+le)?|modifié(?:\s+le)?|mise à jour"
        r"|actualisé(?:\s+le)?"
    ),
    relative_times=(
        r"il y a\s+(?:un|une|[0-9]{1,3})\s+(?:secondes?|minutes?|min|heures?|h"
        r"|jours?|semaines?|mois)|(?:aujourd['’]hui|hier)(?:\s+à\s+[0-9]{1,2}\s?h\s?[0-9]{0,2})?"
    ),
    credit_labels=(
        r"Crédits? photos?|Photo|Photos|Crédit|Crédits|Image|Illustration|Vidéo"
        r"|Source|Infographie"
    ),
    caption_prefixes=r"Sur la photo|Sur cette photo|Photo d['’]illustration|Ci-dessus",
    footer_forms=(
        r"\(?Avec (?:l['’])?(?:AFP|Reuters|AP|agences|Belga)\b"
        r"|\(?(?:Propos recueillis|Édité|Rédigé|Texte) par\b"
        r"|Cet article (?:a été|est) (?:publié|mis à jour|modifié|écrit)"
        r"|Tous droits réservés"
    ),
    note_labels=(
        r"Lire aussi|LIRE AUSSI|À lire aussi|A lire aussi|À lire également"
        r"|Lire la suite"
        r"|Voir aussi|Rectificatif|Correction|Précision|Note de la rédaction"
        r"|Mise à jour|Sur le même sujet|Regarder"
    ),
    link_headings=(
        r"Sur le même sujet|Articles liés|Les plus lus|À lire aussi|A lire aussi"
        r"|Dans la même rubrique|Nos derniers articles"
    ),
    chrome_forms=(
        r"Publicité|Partager(?: sur \w+)?|Abonnez-vous(?: [^\n]{1,60})?|Commentaires?"
        r"|Écouter cet article|Sauvegarder|Chargement[ .…]*|Article réservé aux abonnés"
        r"|Lire plus tard"
    ),
    small_title_words="à au aux de du des en et la le les l' un une pour par sur",
    finite_verb=(
        r"est|sont|était|étaient|a|ont|avait|avaient|sera|seront|va|vont|peut|peuvent"
        r"|doit|doivent|fait|font|reste|restent"
        r"|\w{3,}(?:ait|aient|era|eront|ira|iront)"
    ),
    question_openers="qui que quoi quand où comment combien pourquoi quel quelle "
    "quels quelles est-ce faut-il peut-on",
)
