"""Re-key stored sources by the longer tracking-parameter list (annotations.sources).

A source stored with, say, `?_hsenc=...` in its normalized URL gets the key a new
citation of the same document computes now, so new cites find it. Rows are never
merged: when the new key is already another source's, both rows stay as they are
(their citations are reviewers' work), and new cites find the row that holds the key.
"""

import contextlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import migrations


# Frozen here as it was when this migration was written (a migration does the same
# thing whenever it runs, whatever annotations.sources becomes; a test compares them).
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
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name):
    key = name.lower()
    return key in TRACKING_PARAMETERS or key.startswith(TRACKING_PREFIXES)


def normalize_url(url):
    url = (url or "").strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname.lower().rstrip(".")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    host = host.removeprefix("www.")
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking(key)
        )
    )
    return urlunsplit(("https", netloc, path, query, ""))


def renormalize(apps, schema_editor):
    Source = apps.get_model("annotations", "Source")
    taken = set(
        Source.objects.exclude(normalized_url="").values_list(
            "normalized_url", flat=True
        )
    )
    rows = Source.objects.exclude(url="").only("pk", "url", "normalized_url")
    for source in rows.order_by("pk").iterator(chunk_size=500):
        try:
            key = normalize_url(source.url)
        except ValueError:
            continue
        if key == source.normalized_url or key in taken:
            continue
        taken.discard(source.normalized_url)
        taken.add(key)
        Source.objects.filter(pk=source.pk).update(normalized_url=key)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0009_article_duplicate_detection")]

    operations = [migrations.RunPython(renormalize, migrations.RunPython.noop)]
