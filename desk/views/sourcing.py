"""Sourcing helpers on the claim panel: an archived copy for a cited source, and the
citations of a claim already checked in another article, reused in one click."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext

from annotations.errors import InvalidInput
from annotations.models import Claim, Source
from annotations.services import evidence
from desk import forms
from desk.views.article import claim_write


@claim_write("archive", forms.SourceArchiveForm)
def source_archive(request, claim, data):
    """Record the archived copy of a source this claim cites (it has none yet)."""
    source = Source.objects.filter(pk=data["source_id"], citations__claim=claim).first()
    if source is None:
        raise InvalidInput(gettext("That source is no longer cited on this claim."))
    evidence.source_add_archive(
        source=source, user=request.user, archive_url=data["archive_url"]
    )
    return claim.pk, gettext("The archived copy of “%(title)s” was saved.") % {
        "title": source.title
    }


@claim_write("reuse", forms.ReuseCitationsForm)
def claim_reuse_citations(request, claim, data):
    """Cite what an approved claim elsewhere cites (the panel's "Already checked")."""
    from_claim = Claim.objects.filter(pk=data["from_claim"]).first()
    if from_claim is None:
        raise InvalidInput(gettext("That claim no longer exists."))
    copies = evidence.citations_reuse(
        claim=claim, from_claim=from_claim, user=request.user
    )
    said = ngettext(
        "Reused %(count)s citation of claim #%(id)s.",
        "Reused %(count)s citations of claim #%(id)s.",
        len(copies),
    )
    return claim.pk, said % {"count": len(copies), "id": from_claim.pk}
