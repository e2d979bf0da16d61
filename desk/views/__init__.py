"""Pages: the dashboard, the article page, the editors' queue and desk stats,
notifications, and the sourcing-gap dashboard.

Each view asks `annotations.policies` (through `access`) who may see it; writes go
through services."""

from desk.views.account import api_tokens
from desk.views.article import (
    article_activity,
    article_blind_review,
    article_detail,
    article_language,
    citation_add,
    citation_remove,
    citation_update,
    claim_approve,
    claim_assign,
    claim_attribution,
    claim_carve,
    claim_create,
    claim_dismiss,
    claim_kind,
    claim_merge,
    claim_panel,
    claim_rebound,
    claim_reopen,
    claim_restore,
    claim_return,
    claim_split,
    claim_submit,
    claim_timeline,
    claim_withdraw,
    comment_add,
    rating_remove,
    rating_set,
    source_search,
)
from desk.views.assets import favicon
from desk.views.desks import desk_settings_page, workspace_switch
from desk.views.members import invitation, members
from desk.views.pages import (
    article_metadata,
    article_new,
    dashboard,
    healthz,
)
from desk.views.probes import health
from desk.views.review import (
    desk_stats,
    notification_list,
    notification_open,
    notifications_read_all,
    review_queue,
)
from desk.views.table import claim_table_bulk, claim_table_page

__all__ = [
    "api_tokens",
    "article_activity",
    "article_blind_review",
    "article_detail",
    "article_language",
    "article_metadata",
    "article_new",
    "citation_add",
    "citation_remove",
    "citation_update",
    "claim_approve",
    "claim_assign",
    "claim_attribution",
    "claim_carve",
    "claim_create",
    "claim_dismiss",
    "claim_kind",
    "claim_merge",
    "claim_panel",
    "claim_rebound",
    "claim_reopen",
    "claim_restore",
    "claim_return",
    "claim_split",
    "claim_submit",
    "claim_table_bulk",
    "claim_table_page",
    "claim_timeline",
    "claim_withdraw",
    "comment_add",
    "dashboard",
    "desk_settings_page",
    "desk_stats",
    "favicon",
    "health",
    "healthz",
    "invitation",
    "members",
    "notification_list",
    "notification_open",
    "notifications_read_all",
    "rating_remove",
    "rating_set",
    "review_queue",
    "source_search",
    "workspace_switch",
]
