"""A cited source's capture, opened from a claim's panel: its text to read and its
file to download (docs/QUOTES.md).

Both are reached through the claim (`claims/<pk>/captures/<id>/...`): whoever may
read the claim may open the captures of the sources it cites
(`policies.visible_captures_filter`); anything else, another desk's claim
included, is not found.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from annotations import policies
from annotations.models import Capture, CaptureOrigin, Citation, Claim
from desk.views.access import reviewer_required
from desk.views.params import int_or_none

# What a download may call itself: letters, digits, dots, dashes and underscores
# (no path, no quotes, no control characters for a header to trip on).
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
WARC_TYPE = "application/warc"


def _claim_and_capture(request, pk: int, capture_id: int) -> tuple[Claim, Capture]:
    claim = get_object_or_404(
        Claim.objects.filter(policies.visible_claims_filter(request.user)).only(
            "pk", "article_id", "text"
        ),
        pk=pk,
    )
    capture = get_object_or_404(
        Capture.objects.filter(
            policies.visible_captures_filter(request.user, claim.pk)
        ).select_related("source"),
        pk=capture_id,
    )
    return claim, capture


@reviewer_required
@require_GET
def capture_text(request, pk: int, capture_id: int):
    """The capture's extracted text, escaped, with what is known of the capture;
    `?citation=` marks where that citation's quote was found in it."""
    claim, capture = _claim_and_capture(request, pk, capture_id)
    text = capture.text
    before, matched, after = text, "", ""
    citation_id = int_or_none(request.GET.get("citation"))
    if citation_id is not None:
        citation = (
            Citation.objects.filter(pk=citation_id, claim=claim)
            .select_related("quote_check")
            .first()
        )
        check = getattr(citation, "quote_check", None) if citation else None
        if (
            check is not None
            and check.capture_id == capture.pk
            and check.start is not None
            and check.end is not None
            and 0 <= check.start < check.end <= len(text)
        ):
            before, matched, after = (
                text[: check.start],
                text[check.start : check.end],
                text[check.end :],
            )
    return render(
        request,
        "annotations/capture.html",
        {
            "claim": claim,
            "capture": capture,
            "before": before,
            "matched": matched,
            "after": after,
            "downloadable": bool(capture.file_path),
        },
    )


def download_name(capture: Capture) -> str:
    """A safe file name for the download: the stored name's safe characters, or
    `capture-<id>` with the file's extension."""
    stored = capture.file_name or PurePosixPath(capture.file_path).name
    name = _UNSAFE_NAME.sub("-", stored).strip(".-")[:120]
    if not name:
        suffix = "".join(PurePosixPath(capture.file_path).suffixes)[:20]
        name = f"capture-{capture.pk}{_UNSAFE_NAME.sub('', suffix)}"
    return name


def download_type(capture: Capture) -> str:
    """A fetched page's file is a web archive; an uploaded file keeps the type it
    was stored with (if it is a well-formed media type)."""
    if capture.origin != CaptureOrigin.UPLOADED:
        return WARC_TYPE
    stored = (capture.content_type or "").split(";")[0].strip().lower()
    return stored if _MEDIA_TYPE.fullmatch(stored) else "application/octet-stream"


@reviewer_required
@require_GET
def capture_download(request, pk: int, capture_id: int):
    """The capture's stored file, streamed from the captures storage as an
    attachment (never shown inline, never sniffed)."""
    _claim, capture = _claim_and_capture(request, pk, capture_id)
    if not capture.file_path:
        raise Http404(gettext("This capture has no stored file."))
    storage = storages["captures"]
    try:
        handle = storage.open(capture.file_path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404(gettext("The capture's file is missing.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(capture),
        content_type=download_type(capture),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
