"""Duplicate-import detection: each article's normalized URL and body fingerprint,
indexed, and filled in for the articles already stored."""

import contextlib
import hashlib
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db import migrations, models


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


def fingerprint(text: str) -> str:
    # A frozen copy of annotations.extraction.ingest.body_fingerprint (a test keeps them equal).
    words = " ".join(unicodedata.normalize("NFC", text or "").casefold().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def fill(apps, schema_editor):
    Article = apps.get_model("annotations", "Article")
    batch = []
    for article in Article.objects.only("pk", "url", "body").iterator(chunk_size=200):
        article.body_fingerprint = fingerprint(article.body)
        try:
            article.normalized_url = normalize_url(article.url) if article.url else ""
        except ValueError:
            article.normalized_url = ""
        batch.append(article)
        if len(batch) >= 200:
            Article.objects.bulk_update(batch, ["body_fingerprint", "normalized_url"])
            batch = []
    if batch:
        Article.objects.bulk_update(batch, ["body_fingerprint", "normalized_url"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0008_api_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_fingerprint",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="article",
            name="normalized_url",
            field=models.CharField(blank=True, editable=False, max_length=2000),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("normalized_url", ""), _negated=True),
                fields=["normalized_url"],
                name="article_normalized_url_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["body_fingerprint"], name="article_fingerprint_idx"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
