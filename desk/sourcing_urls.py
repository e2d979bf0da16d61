"""The claim panel's sourcing helpers (desk.views.sourcing)."""

from desk.routes import on_claim
from desk.views import sourcing

urlpatterns = [
    on_claim("source-archive", sourcing.source_archive, "source-archive"),
    on_claim(
        "reuse-citations", sourcing.claim_reuse_citations, "claim-reuse-citations"
    ),
]
