"""The claim panel's sourcing helpers (desk.views.sourcing) and the captures of its
sources (desk.views.captures)."""

from django.urls import path

from desk.routes import on_claim
from desk.views import captures, sourcing

urlpatterns = [
    on_claim("source-archive", sourcing.source_archive, "source-archive"),
    on_claim(
        "reuse-citations", sourcing.claim_reuse_citations, "claim-reuse-citations"
    ),
    path(
        "claims/<int:pk>/captures/<int:capture_id>/",
        captures.capture_text,
        name="capture-text",
    ),
    path(
        "claims/<int:pk>/captures/<int:capture_id>/download/",
        captures.capture_download,
        name="capture-download",
    ),
]
