"""Sourcing helpers on the claim panel: an archived copy for a cited source, and the
citations of a claim already checked in another article, reused in one click."""

from __future__ import annotations

from annotations.errors import InvalidInput
from annotations.models import Claim, Source
from annotations.services import evidence
from annotations.wording import plural
from desk import forms
from desk.views.article import claim_write


@claim_write("archive", forms.SourceArchiveForm)
def source_archive(request, claim, data):
    """Record the archived copy of a source this claim cites (it has none yet)."""
    source = Source.objects.filter(pk=data["source_id"], citations__claim=claim).first()
    if source is None:
        raise InvalidInput("That source is no longer cited on this claim.")
    evidence.source_add_archive(
        source=source, user=request.user, archive_url=data["archive_url"]
    )
    return claim.pk, f"The archived copy of “{source.title}” was saved."


@claim_write("reuse", forms.ReuseCitationsForm)
def claim_reuse_citations(request, claim, data):
    """Cite what an approved claim elsewhere cites (the panel's "Already checked")."""
    from_claim = Claim.objects.filter(pk=data["from_claim"]).first()
    if from_claim is None:
        raise InvalidInput("That claim no longer exists.")
    copies = evidence.citations_reuse(
        claim=claim, from_claim=from_claim, user=request.user
    )
    return (
        claim.pk,
        f"Reused {plural(len(copies), 'citation')} of claim #{from_claim.pk}.",
    )
