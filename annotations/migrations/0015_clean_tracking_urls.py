"""Stored source and article URLs lose their tracking parameters.

Until now a source or article kept the URL exactly as pasted, `?utm_source=...` and
`fbclid=...` included, and the published report showed it. New URLs are cleaned by
`annotations.sources.clean_url` before they are stored; this migration cleans the
rows already stored, and a source title that was only its URL (a source cited
without a title takes its URL as title), so the next report revision publishes the
clean address. Normalized URLs do not change (cleaning never changes which document
a URL names), so no row is re-keyed or merged. Published revisions stay as they
were frozen; the history tables keep what was stored then.

The cleaning is copied here as it was when this migration was written: a migration
must do the same thing whenever it runs, whatever the live code becomes.
"""

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from django.db import migrations

TRACKING_PARAMETERS = frozenset(
    {
        "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "gad_source", "_ga", "_gl",
        "srsltid", "fbclid", "igshid", "igsh", "msclkid", "ocid", "mc_cid", "mc_eid",
        "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "mkt_tok",
        "yclid", "_openstat", "ref_src", "ref_url", "twclid", "ttclid", "li_fat_id",
        "pk_campaign", "pk_kwd", "pk_keyword", "pk_source", "pk_medium", "vero_id",
        "vero_conv", "oly_anon_id", "oly_enc_id", "cmpid", "smid", "sref",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "mtm_")
FRAGMENT_PARAMETER = re.compile(r"[\w.%-]+=")


def is_tracking(name):
    key = name.lower()
    return key in TRACKING_PARAMETERS or key.startswith(TRACKING_PREFIXES)


def drop_tracking(query):
    kept, dropped = [], False
    for piece in query.split("&"):
        if is_tracking(unquote_plus(piece.partition("=")[0])):
            dropped = True
        elif piece:
            kept.append(piece)
    return "&".join(kept), dropped


def clean_url(url):
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query, from_query = drop_tracking(parts.query)
    fragment, from_fragment = parts.fragment, False
    if fragment and all(FRAGMENT_PARAMETER.match(p) for p in fragment.split("&")):
        fragment, from_fragment = drop_tracking(fragment)
    if not (from_query or from_fragment):
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, fragment))


def clean_rows(apps, schema_editor):
    Source = apps.get_model("annotations", "Source")
    Article = apps.get_model("annotations", "Article")
    sources = Source.objects.exclude(url="").only("pk", "url", "title")
    for source in sources.order_by("pk").iterator(chunk_size=500):
        url = clean_url(source.url)
        if url == source.url:
            continue
        changed = {"url": url}
        if source.title == source.url[:500]:
            changed["title"] = url[:500]
        Source.objects.filter(pk=source.pk).update(**changed)
    articles = Article.objects.exclude(url="").only("pk", "url")
    for article in articles.order_by("pk").iterator(chunk_size=500):
        url = clean_url(article.url)
        if url != article.url:
            Article.objects.filter(pk=article.pk).update(url=url)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0014_scan_requested_by")]

    operations = [migrations.RunPython(clean_rows, migrations.RunPython.noop)]
