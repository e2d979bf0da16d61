"""Every write to the domain goes through these functions.

Views, the API, management commands and tasks all call them, so a rule holds the same
way wherever a change comes from. Services take keyword-only arguments, run in one
transaction, raise `annotations.errors` exceptions, and enqueue background work only
after commit.
"""

from annotations.services.articles import (
    article_create,
    article_import_file,
    article_import_url,
)
from annotations.services.claims import (
    claim_assign,
    claim_create,
    claim_dismiss,
    claim_merge,
    claim_rebound,
    claim_restore,
    claim_set_kind,
    claim_split,
    claim_start,
    claim_submit,
)
from annotations.services.common import claims_touched
from annotations.services.evidence import (
    citation_add,
    citation_add_with_source,
    citation_remove,
    citation_update,
    rating_set,
    source_get_or_create,
)

__all__ = [
    "article_create",
    "article_import_file",
    "article_import_url",
    "citation_add",
    "citation_add_with_source",
    "citation_remove",
    "citation_update",
    "claim_assign",
    "claim_create",
    "claim_dismiss",
    "claim_merge",
    "claim_rebound",
    "claim_restore",
    "claim_set_kind",
    "claim_split",
    "claim_start",
    "claim_submit",
    "claims_touched",
    "rating_set",
    "source_get_or_create",
]
