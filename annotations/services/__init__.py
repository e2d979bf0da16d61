"""Every write to the domain goes through these functions.

Views, the API, management commands, tasks and the Django admin all call them, so a
rule holds the same way wherever a change comes from. Services take keyword-only
arguments, run in one transaction, ask `annotations.policies` whether the user may
make the change, raise `annotations.errors` exceptions, and enqueue background work
only after commit.

This package exports the write services and nothing else: reads live in
`annotations.selectors`, helpers stay in their modules, and the writes no person
makes (the gap tracker's bookkeeping, link checks, token last use, seed loading)
are in `annotations.services.system`.
"""

from annotations.services.articles import (
    article_create,
    article_delete,
    article_import_file,
    article_import_url,
    article_set_blind_review,
    article_set_language,
    article_set_published,
    article_update,
)
from annotations.services.bulk import claims_bulk
from annotations.services.captures import capture_request, capture_run
from annotations.services.claims import (
    claim_assign,
    claim_carve,
    claim_create,
    claim_dismiss,
    claim_merge,
    claim_rebound,
    claim_restore,
    claim_set_attribution,
    claim_set_kind,
    claim_split,
    claim_start,
)
from annotations.services.desks import (
    membership_grant,
    membership_remove,
    workspace_create,
    workspace_rename,
    workspace_settings_update,
)
from annotations.services.discussion import comment_add
from annotations.services.evidence import (
    citation_add,
    citation_add_with_source,
    citation_remove,
    citation_update,
    citations_reuse,
    rating_remove,
    rating_set,
    source_add_archive,
    source_fill_archive,
    source_get_or_create,
    source_update,
)
from annotations.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invitation_sign_up,
)
from annotations.services.notifications import (
    notifications_email,
    notifications_mark_read,
)
from annotations.services.preferences import preference_set_language
from annotations.services.scale import rating_label_delete, rating_label_save
from annotations.services.scans import scan_request
from annotations.services.tokens import api_token_create, api_token_revoke
from annotations.services.uploads import citation_add_with_upload
from annotations.services.workflow import (
    claim_import,
    claim_return,
    claim_submit,
    claim_withdraw,
    verdict_approve,
    verdict_reopen,
)

__all__ = [
    "api_token_create",
    "api_token_revoke",
    "article_create",
    "article_delete",
    "article_import_file",
    "article_import_url",
    "article_set_blind_review",
    "article_set_language",
    "article_set_published",
    "article_update",
    "capture_request",
    "capture_run",
    "citation_add",
    "citation_add_with_source",
    "citation_add_with_upload",
    "citation_remove",
    "citation_update",
    "citations_reuse",
    "claim_assign",
    "claim_carve",
    "claim_create",
    "claim_dismiss",
    "claim_import",
    "claim_merge",
    "claim_rebound",
    "claim_restore",
    "claim_return",
    "claim_set_attribution",
    "claim_set_kind",
    "claim_split",
    "claim_start",
    "claim_submit",
    "claim_withdraw",
    "claims_bulk",
    "comment_add",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "invitation_sign_up",
    "membership_grant",
    "membership_remove",
    "notifications_email",
    "notifications_mark_read",
    "preference_set_language",
    "rating_label_delete",
    "rating_label_save",
    "rating_remove",
    "rating_set",
    "scan_request",
    "source_add_archive",
    "source_fill_archive",
    "source_get_or_create",
    "source_update",
    "verdict_approve",
    "verdict_reopen",
    "workspace_create",
    "workspace_rename",
    "workspace_settings_update",
]
