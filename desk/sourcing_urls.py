"""The claim panel's sourcing helpers (desk.views.sourcing)."""

from django.urls import path

from desk.views import sourcing

urlpatterns = [
    path(
        "claims/<int:pk>/source-archive/",
        sourcing.source_archive,
        name="source-archive",
    ),
    path(
        "claims/<int:pk>/reuse-citations/",
        sourcing.claim_reuse_citations,
        name="claim-reuse-citations",
    ),
]
