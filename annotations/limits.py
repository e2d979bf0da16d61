"""PURE: how long each piece of text people write may be, stated once.

The models' column widths, the forms, the API's serializers and the services all
read these, so a field refuses the same length on every path (a form never accepts
what the service then refuses, nor the API what the page refuses). Widths of coded
columns (statuses, kinds, digests) are the models' own business and are not here.
"""

# Desks (workspaces): a name people read in the header, a slug in addresses
WORKSPACE_NAME_MAX = 100
WORKSPACE_SLUG_MAX = 50
# An invitation's address (RFC 5321's longest path) and how many may wait per desk
EMAIL_MAX = 254
PENDING_INVITATIONS_MAX = 50

# Articles and sources
URL_MAX = 2_000
TITLE_MAX = 500
PUBLISHER_MAX = 300
BYLINE_MAX = 300
# A stored language tag, and a tag as someone writes it before it is normalised
# (BCP 47 allows long private-use tags, which are cut down to the stored width).
LANGUAGE_MAX = 16
LANGUAGE_WRITTEN_MAX = 35

# Claims
ATTRIBUTION_MAX = 300
DISMISS_REASON_MAX = 500

# Evidence
LOCATOR_MAX = 200
CITATION_QUOTE_MAX = 10_000
RATIONALE_MAX = 10_000

# Verdicts and discussion
EXPLANATION_MAX = 10_000
# The claim as checked, ClaimReview's claimReviewed: a short sentence. Google advised
# 75 characters at most; the hard limit leaves room for a language that needs more.
CLAIM_AS_CHECKED_ADVISED = 75
CLAIM_AS_CHECKED_MAX = 200
COMMENT_MAX = 5_000
REASON_MAX = 2_000
IMPORT_ORIGIN_MAX = 500

# What the desk itself writes
NOTIFICATION_TEXT_MAX = 500
GAP_DETAIL_MAX = 500
LINK_ERROR_MAX = 500
SCAN_ERROR_MAX = 500  # a failed gap scan's error line
EXPORT_ERROR_MAX = 500  # a failed export's error line (the reports app)
# A capture's content type and stored file name (the Capture model's columns).
CAPTURE_CONTENT_TYPE_MAX = 255
CAPTURE_FILE_NAME_MAX = 255
TOKEN_NAME_MAX = 100
SCALE_NAME_MAX = 100
# A desk's report identity (docs/DESKS.md): the organisation's name and the
# methodology text every report of the desk carries.
ORGANISATION_NAME_MAX = 200
METHODOLOGY_MAX = 10_000

# Requests that name many rows at once
BULK_MAX = 2_000
NOTIFICATION_IDS_MAX = 1_000
SEARCH_MAX = 200  # the characters of a public report search that are read

# What the desk writes by itself
TOKEN_PREFIX_LENGTH = 8  # the part of an API key shown to tell keys apart
IMPORTED_NOTE_MAX = 1_000  # the note a citation imported with an annotation gets

# How much of a value a message quotes back (enough to recognise it, never a page)
QUOTED_TAG_MAX = 40
QUOTED_TEXT_MAX = 60
QUOTED_TITLE_MAX = 120
QUOTED_URL_MAX = 200
