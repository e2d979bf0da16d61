"""Rendering a revision in a format, cached by the revision's sha256.

A published revision never changes, so its rendering in a format never changes
either: the bytes are cached under the revision's digest (and a digest of the
exporters' own code, so a new release of a renderer is not served stale). The cache
is Django's (a file cache by default, shared by the web server and the workers).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.core.cache import cache

from reports import exporters
from reports.exporters import html_document, pdf_document
from reports.models import ReportRevision


@lru_cache(maxsize=1)
def renderers_digest() -> str:
    """A digest of what the exporters render with: their code, their templates
    (the html's and the PDF's), the stylesheet they inline, the compiled
    catalogues of their words (a corrected translation must not be served stale)
    and the version of the Typst engine that sets the PDF. Part of every cache
    key."""
    folder = Path(exporters.__file__).parent
    sources = [
        *sorted(folder.glob("*.py")),
        *sorted(html_document.TEMPLATES.glob("*.html")),
        pdf_document.TEMPLATE,
        html_document.STYLESHEET,
        *html_document.catalogue_files(),
    ]
    digest = hashlib.sha256()
    try:
        digest.update(f"typst {metadata.version('typst')}\n".encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no typst\n")
    for path in sources:
        # Every catalogue is called reports.mo: its language folder tells them apart.
        name = (
            f"{path.parent.parent.name}/{path.name}"
            if path.suffix == ".mo"
            else path.name
        )
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(revision: ReportRevision, identifier: str) -> str:
    return f"report-export:{revision.sha256}:{identifier}:{renderers_digest()}"


def cached(revision: ReportRevision, identifier: str) -> bytes | None:
    return cache.get(cache_key(revision, identifier))


def render(revision: ReportRevision, identifier: str) -> bytes:
    """The revision in this format, from the cache or rendered (and cached) now."""
    key = cache_key(revision, identifier)
    payload = cache.get(key)
    if payload is None:
        payload = exporters.get(identifier).render(revision.snapshot)
        cache.set(key, payload, timeout=None)
    return payload


def page_parts(revision: ReportRevision, gone: frozenset[int] = frozenset()) -> dict:
    """The revision's public page in pieces (`html_document.render_page_parts`),
    from the cache or rendered (and cached) now. `gone`, the frozen captures whose
    original is dead now, is part of the key: the page changes when a link dies,
    the revision does not."""
    key = f"report-page:{revision.sha256}:{renderers_digest()}"
    if gone:
        key += ":gone:" + ",".join(str(capture) for capture in sorted(gone))
    parts = cache.get(key)
    if parts is None:
        parts = html_document.render_page_parts(revision.snapshot, gone=gone)
        cache.set(key, parts, timeout=None)
    return parts
