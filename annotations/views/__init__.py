"""Pages: the dashboard, the reviewer workspace and the sourcing-gap dashboard.

Each view checks the role it needs (`access`); writes go through services."""

from annotations.views.pages import (
    article_new,
    dashboard,
    healthz,
)
from annotations.views.workspace import (
    article_detail,
    citation_add,
    citation_remove,
    citation_update,
    claim_assign,
    claim_create,
    claim_dismiss,
    claim_kind,
    claim_merge,
    claim_panel,
    claim_rebound,
    claim_restore,
    claim_split,
    claim_submit,
    rating_set,
    source_search,
)

__all__ = [
    "article_detail",
    "article_new",
    "citation_add",
    "citation_remove",
    "citation_update",
    "claim_assign",
    "claim_create",
    "claim_dismiss",
    "claim_kind",
    "claim_merge",
    "claim_panel",
    "claim_rebound",
    "claim_restore",
    "claim_split",
    "claim_submit",
    "dashboard",
    "healthz",
    "rating_set",
    "source_search",
]
