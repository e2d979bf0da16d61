"""Portuguese: how news copy marks its bylines, dates, credits and speakers."""

from annotations.extraction.splitting.lexicon import Lexicon

_VERBS = """
disse disseram diz dizem afirmou afirmaram afirma afirmam declarou declararam
declara explicou explicaram explica explicam informou informaram informa
anunciou anunciaram anuncia garantiu garantiram garante garantem ressaltou
destacou destacaram destaca acrescentou acrescentaram acrescenta alertou
alertaram alerta advertiu adverte confirmou confirmaram confirma negou negaram
nega admitiu reconheceu reconheceram defendeu defende criticou criticaram
observou comentou avaliou avalia avaliam apontou apontaram aponta afirmara
revelou revelaram ponderou argumentou argumenta sustentou enfatizou completou
prometeu reiterou respondeu rebateu concluiu estimou estima estimam calcula
calculou relatou relataram contou lembrou frisou salientou
"""

LEXICON = Lexicon(
    language="pt",
    speech_verbs=_VERBS,
    # "segundo" is also "second": not after an article, nor before a noun of
    # order or time ("o segundo turno", "em segundo lugar").
    according_to=(
        r"(?<!\bo\s)(?<!\bno\s)(?<!\bdo\s)(?<!\bao\s)(?<!\bem\s)(?<!\bpelo\s)"
        r"segundo(?!\s+(?:lugar|turno|tempo|semestre|trimestre|dia|mês|ano|colocado"
        r"|maior|mais|menor|melhor|pior|gol|set)\b)"
        r"|de acordo com|conforme|na avaliação de"
    ),
    complementizers="que",
    phrase_stops="""
        em no na nos nas a à ao aos às com contra desde durante entre até para por
        pelo pela sobre após ante este esta neste nesta nesse nessa ontem hoje
        também ainda já não se lhe lhes quando onde como enquanto embora porque
    """,
    relatives="que quem qual quais cujo cuja cujos cujas",
    joiners="e mas porém contudo ou nem",
    prepositions="em no na nos nas a ao aos à às com contra de do da dos das desde "
    "durante entre até para por pelo pela sem sobre após ante",
    person_pronouns="ele ela",
    group_pronouns="eles elas",
    determiners="o a os as um uma uns umas seu sua seus suas este esta",
    group_words="""
        empresa companhia governo ministério polícia prefeitura câmara organização
        agência partido sindicato tribunal conselho comissão banco grupo clube
        federação associação universidade hospital secretaria instituição órgão
        entidade justiça procuradoria
    """,
    role_words="""
        porta-voz ministro ministra presidente prefeito prefeita diretor diretora
        secretário secretária especialista advogado advogada promotor promotora
        juiz juíza pesquisador pesquisadora deputado deputada senador senadora
        vereador vereadora delegado delegada gerente chefe economista
    """,
    institution_words="""
        ministério governo polícia prefeitura câmara conselho comissão tribunal
        justiça procuradoria banco universidade instituto agência partido
        sindicato federação associação fundação hospital secretaria departamento
        organização congresso senado assembleia defesa ibge petrobras s.a. ltda
        confederação
    """,
    byline_prefixes=r"Por|POR|Texto|Da redação|Da Redação",
    and_words="e",
    name_particles="de da do das dos e",
    months="""janeiro fevereiro março abril maio junho julho agosto setembro outubro
    novembro dezembro""",
    month_abbreviations="jan fev mar abr mai jun jul ago set out nov dez",
    weekdays="""segunda-feira terça-feira quarta-feira quinta-feira sexta-feira
    sábado domingo segunda terça quarta quinta sexta""",
    date_forms=(
        r"(?:{weekday},?\s+)?[0-9]{1,2}(?:º)?\s+(?:de\s+)?{month}\.?"
        r"(?:\s+(?:de\s+)?[0-9]{4})?"
    ),
    time_forms=(
        r"(?:(?:às|as|-)\s+)?[0-9]{1,2}(?:h[0-9]{2}(?:min)?|[:.][0-9]{2}\s*h?)"
        r"|(?:(?:às|as)\s+)?[0-9]{1,2}h"
    ),
    stamp_prefixes=(
        r"publicad[oa](?:\s+em)?|atualizad[oa](?:\s+em|\s+há)?|postad[oa] em"
    ),
    relative_times=(
        r"há\s+(?:um|uma|[0-9]{1,3})\s+(?:segundos?|minutos?|min|horas?|dias?"
        r"|semanas?|mês|meses)|(?:hoje|ontem)(?:,?\s+(?:às\s+)?[0-9]{1,2}h[0-9]{0,2})?"
    ),
    credit_labels=r"Foto|Fotos|Imagem|Imagens|Crédito|Créditos|Fonte|Vídeo|Ilustração|Arte|Infografia|Reprodução",
    caption_prefixes=r"Na foto|Na imagem|Imagem de arquivo|Foto de arquivo|Acima",
    footer_forms=(
        r"\(?Com informações d[aoe]s?\b|\(?Com (?:agências|Reuters|AFP|Agência Brasil"
        r"|Estadão Conteúdo|Folhapress)\b"
        r"|\(?(?:Reportagem|Edição|Texto|Colaborou)\s*(?:de|por|:)\s*\S"
        r"|Esta (?:reportagem|matéria|notícia) (?:foi|é)"
        r" (?:publicad|atualizad|produzid)"
        r"|Todos os direitos reservados"
    ),
    note_labels=(
        r"Leia também|LEIA TAMBÉM|Leia mais|LEIA MAIS|Veja também|VEJA TAMBÉM"
        r"|Saiba mais|Correção|Errata|Nota da redação|Nota do editor|Relacionad[oa]s"
        r"|Assista|Siga"
    ),
    link_headings=(
        r"Notícias relacionadas|Mais lidas|Mais notícias|Leia também|Veja também"
        r"|Conteúdo relacionado|Últimas notícias"
    ),
    chrome_forms=(
        r"Publicidade|Anúncio|Compartilhe(?: no \w+)?|Compartilhar"
        r"|Assine(?: [^\n]{1,60})?"
        r"|Comentários|Ouça (?:a )?notícia|Salvar|Carregando[ .…]*"
        r"|Continua depois da publicidade|Continue lendo"
    ),
    small_title_words="a o as os à ao de da do das dos e em na no para por um uma com",
    finite_verb=(
        r"é|são|foi|foram|era|eram|tem|têm|tinha|será|serão|está|estão|estava|pode"
        r"|podem|há|vai|vão|segue|seguem"
        r"|\w{3,}(?:ou|aram|eram|iram|ava|avam|ia|iam|ará|erá|irá|arão|erão|irão)"
    ),
    question_openers="que quem como quando onde quanto quanta quantos quantas qual "
    "quais por",
)
