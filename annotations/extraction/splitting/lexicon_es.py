"""Spanish: how news copy marks its bylines, dates, credits and speakers."""

# The patterns match typographic apostrophes and dashes on purpose.
# ruff: noqa: RUF001

from annotations.extraction.splitting.lexicon import Lexicon

_VERBS = """
dijo dijeron dice dicen afirmó afirmaron afirma afirman aseguró aseguraron asegura
aseguran declaró declararon declara explicó explicaron explica explican señaló
señalaron señala señalan indicó indicaron indica indican añadió añadieron añade
agregó agregaron agrega advirtió advirtieron advierte advierten anunció anunciaron
anuncia informó informaron informa sostuvo sostuvieron sostiene subrayó destacó
destacaron reconoció reconocieron admitió negó negaron confirmó confirmaron
confirma manifestó apuntó precisó detalló comentó insistió insiste recordó
denunció denunciaron criticó alertó reveló revelaron estimó calculó aclaró
expresó respondió replicó concluyó prometió reiteró defendió argumentó
argumenta opinó consideró considera cree creen estima estiman calcula calculan
"""

LEXICON = Lexicon(
    language="es",
    speech_verbs=_VERBS,
    according_to=r"según|de acuerdo con|de acuerdo a|conforme a|a juicio de",
    complementizers="que",
    phrase_stops="""
        en a al ante con contra desde durante entre hacia hasta para por sobre tras
        este esta estos estas ese esa ayer hoy anoche mañana recientemente también
        además luego después antes ya no sí se le les cuando donde como
        mientras aunque porque si pues tras este
    """,
    relatives="que quien quienes cual cuales cuyo cuya cuyos cuyas",
    joiners="y e pero mas aunque sino ni o u",
    prepositions="en a al ante bajo con contra de del desde durante entre hacia hasta "
    "mediante para por según sin sobre tras",
    person_pronouns="él ella usted",
    group_pronouns="ellos ellas",
    determiners="el la los las un una unos unas lo su sus este esta estos estas",
    group_words="""
        empresa compañía gobierno ministerio policía ayuntamiento organización
        agencia partido sindicato tribunal juzgado consejo comisión banco grupo
        club federación asociación universidad hospital fiscalía entidad institución
        ejecutivo departamento oficina autoridad
    """,
    role_words="""
        portavoz vocero vocera ministro ministra presidente presidenta alcalde
        alcaldesa director directora secretario secretaria consejero consejera
        responsable experto experta abogado abogada fiscal juez jueza
        investigador investigadora diputado diputada senador senadora
        concejal concejala delegado delegada gerente jefe jefa
    """,
    institution_words="""
        ministerio gobierno policía guardia ayuntamiento consejo comisión
        tribunal juzgado fiscalía banco universidad instituto agencia partido
        sindicato federación asociación fundación hospital servicio dirección
        secretaría oficina departamento organización congreso senado parlamento
        junta diputación cámara observatorio empresa sa s.a. sl s.l.
        confederación patronal
    """,
    byline_prefixes=r"Por|POR|Texto",
    and_words="y e",
    name_particles="de del la las los y",
    months="""enero febrero marzo abril mayo junio julio agosto septiembre
    setiembre octubre noviembre diciembre""",
    month_abbreviations="ene feb mar abr may jun jul ago sep sept set oct nov dic",
    weekdays="lunes martes miércoles jueves viernes sábado domingo",
    date_forms=(
        r"(?:{weekday},?\s+)?[0-9]{1,2}\s+(?:de\s+)?{month}\.?(?:\s+(?:de\s+|del\s+)?"
        r"[0-9]{4})?"
    ),
    time_forms=(
        r"(?:(?:a\s+las|-)\s+)?[0-9]{1,2}[:.][0-9]{2}\s*(?:h|hs|horas|hrs)?\.?"
        r"(?:\s*\((?:GMT|UTC|hora)[^()\n]{0,20}\))?"
    ),
    stamp_prefixes=(
        r"publicad[oa](?:\s+el)?|actualizad[oa](?:\s+el|\s+a\s+las)?"
        r"|última actualización|fecha"
    ),
    relative_times=(
        r"hace\s+(?:un|una|[0-9]{1,3})\s+(?:segundos?|minutos?|min|horas?|días?"
        r"|semanas?|mes(?:es)?)|(?:hoy|ayer)(?:,?\s+(?:a\s+las\s+)?[0-9]{1,2}[:.][0-9]{2})?"
    ),
    credit_labels=r"Foto|Fotografía|Fotos|Imagen|Imágenes|Crédito|Créditos|Fuente|Vídeo|Video|Ilustración|Infografía|Gráfico",
    caption_prefixes=(
        r"En la imagen|En la foto|En la fotografía|Imagen de archivo|Foto de archivo"
        r"|En primer plano"
    ),
    # "Sevilla, 14 oct (EFE).-": the agency's form, place and date first.
    dateline_forms=(
        r"[A-ZÁÉÍÓÚÑ][\w.'’-]*(?:[ ](?:de[ ])?[A-ZÁÉÍÓÚÑ][\w.'’-]*){0,2},"
        r"[ ][0-9]{1,2}[ ]"
        r"(?:ene|feb|mar|abr|may|jun|jul|ago|sep|sept|oct|nov|dic)[a-z]*\.?[ ]"
        r"\([A-Z][\w .-]{1,20}\)[ ]?\.?[ ]?[-—–]+"
    ),
    footer_forms=(
        r"\(?Con información de\b|\(?Con (?:agencias|EFE|AFP|Reuters|Europa Press)\b"
        r"|\(?(?:Redacción|Edición|Reportaje|Información|Texto y fotos?)"
        r"\s*(?:de|por|:)\s*\S"
        r"|Este (?:artículo|texto|reportaje) (?:fue|ha sido|se) (?:publicad|escrit|"
        r"actualizad|elaborad)"
        r"|Todos los derechos reservados"
    ),
    note_labels=(
        r"Lea también|LEA TAMBIÉN|Lee también|LEE TAMBIÉN|Te puede interesar"
        r"|Te recomendamos|Leer más|Más información|Corrección|Fe de erratas"
        r"|Nota del editor|Nota de la redacción|Aclaración|Relacionad[oa]s?"
        r"|Síguenos en|Ver también|Mira también"
    ),
    link_headings=(
        r"Noticias relacionadas|Más noticias|Lo más leído|Lo más visto"
        r"|Te puede interesar|Contenido relacionado|Temas relacionados"
    ),
    chrome_forms=(
        r"Publicidad|Anuncio|Compartir(?: en \w+)?|Suscríbete(?: [^\n]{1,60})?"
        r"|Comentarios|Escuchar (?:la )?noticia|Guardar|Ir al contenido"
        r"|Seguir leyendo|Cargando[ .…]*"
    ),
    small_title_words="a al de del el en la las los para por un una y o con sin",
    finite_verb=(
        r"es|son|fue|fueron|era|eran|ha|han|había|habían|será|serán|está|están"
        r"|estaba|tiene|tienen|tenía|puede|pueden|hay|va|van|sigue|siguen"
        r"|\w{3,}(?:ó|aron|ieron|aba|aban|ía|ían|ará|erá|irá|arán|erán|irán)"
    ),
    question_openers="qué quién quiénes cómo cuándo dónde cuánto cuánta cuántos "
    "cuántas cuál cuáles por ¿qué ¿quién ¿cómo ¿cuándo ¿dónde ¿cuánto ¿cuál ¿por "
    "¿es ¿son ¿hay ¿puede",
)
