"""Uploaded evidence: a file a reviewer cites as a source (a PDF, a screenshot, a
document a source sent by e-mail), kept as a Capture with origin "uploaded"
(docs/EVIDENCE.md, "Uploads").

The file is judged from its bytes (`annotations.evidencefiles`) before anything is
written; a refused file leaves no row and no file behind, and neither does a
citation refused after the file was stored (the file is removed again).
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from annotations import evidencefiles, policies
from annotations.errors import InvalidInput
from annotations.models import (
    Capture,
    CaptureOrigin,
    CaptureState,
    Citation,
    Claim,
    SourceKind,
)
from annotations.services.common import grouped
from annotations.services.evidence import citation_add, source_get_or_create


class FileTooLarge(InvalidInput):
    status = 413


def read_limited(upload, max_bytes: int) -> bytes:
    """The upload's bytes, read chunk by chunk; FileTooLarge as soon as they pass
    `max_bytes` (the rest is never read), or at once when its size says so."""
    if (getattr(upload, "size", None) or 0) > max_bytes:
        raise FileTooLarge(
            gettext("The file is larger than %(limit)s bytes.")
            % {"limit": grouped(max_bytes)}
        )
    chunks, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > max_bytes:
            raise FileTooLarge(
                gettext("The file is larger than %(limit)s bytes.")
                % {"limit": grouped(max_bytes)}
            )
        chunks.append(chunk)
    return b"".join(chunks)


def citation_add_with_upload(
    *,
    claim: Claim,
    upload,
    stance: str,
    user,
    title: str = "",
    publisher: str = "",
    kind: str = SourceKind.OTHER,
    quote: str = "",
    locator: str = "",
    note: str = "",
) -> Citation:
    """Cite an uploaded file (`upload`: a Django UploadedFile, or anything with
    `name` and `chunks()`) as a new source of `claim`.

    The file must be one of `evidencefiles.ALLOWED`, its name's extension must
    agree with its bytes, it must not be empty, larger than
    FACTCHECK_UPLOAD_MAX_BYTES or a detectable polyglot; else InvalidInput (413
    when too large) and nothing is stored. The source is titled `title`, else the
    file's name; the file is stored under a name the desk makes, never the
    client's path. A PDF's text is not extracted (no PDF library is pinned)."""
    policies.check_evidence_open(user, claim)
    policies.check_add_source(user)
    max_bytes = settings.FACTCHECK_UPLOAD_MAX_BYTES
    name = getattr(upload, "name", "") or ""
    try:
        name = evidencefiles.safe_name(name)
        data = read_limited(upload, max_bytes)
        kind_of_file = evidencefiles.check(name, data, max_bytes=max_bytes)
    except evidencefiles.RefusedFile as exc:
        params = {
            key: gettext(value) if key in exc.translate else value
            for key, value in exc.params.items()
        }
        raise InvalidInput(gettext(exc.message) % params) from exc
    digest = hashlib.sha256(data).hexdigest()
    storage = storages["captures"]
    now = timezone.now()
    wanted = f"uploads/{now:%Y/%m}/{uuid.uuid4().hex}{kind_of_file.extensions[0]}"
    stored = ""
    try:
        with transaction.atomic():
            source, _created = source_get_or_create(
                title=title.strip() or name,
                publisher=publisher,
                kind=kind,
                user=user,
            )
            stored = storage.save(wanted, ContentFile(data))
            Capture.objects.create(
                source=source,
                origin=CaptureOrigin.UPLOADED,
                state=CaptureState.CAPTURED,
                content_type=kind_of_file.content_type,
                file_path=stored,
                file_name=name,
                size_bytes=len(data),
                sha256=digest,
                text=data.decode("utf-8") if kind_of_file is evidencefiles.TEXT else "",
                requested_by=user,
                captured_at=now,
            )
            return citation_add(
                claim=claim, source=source, stance=stance, user=user,
                quote=quote, locator=locator, note=note,
            )  # fmt: skip
    except BaseException:
        # The rows rolled back; the file must go with them.
        if stored:
            storage.delete(stored)
        raise
