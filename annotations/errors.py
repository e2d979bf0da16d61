"""Domain errors raised by services; views, the API and commands map them to answers."""


class DomainError(Exception):
    """A request the domain refuses; `status` is the HTTP status it maps to."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    status = 400


class NotAllowed(DomainError):
    status = 403


class NotConfigured(DomainError):
    """The deployment lacks a setting this action needs (e.g. the site's public
    address for publishing); the message names the setting."""

    status = 503


class NotFound(DomainError):
    """What the request is about no longer exists (someone deleted or merged it)."""

    status = 404


class Conflict(DomainError):
    """The row changed since the caller read it (optimistic locking), or rules clash."""

    status = 409

    def __init__(
        self, message: str, *, changed_by: str | None = None, current_version=None
    ):
        super().__init__(message)
        self.changed_by = changed_by
        self.current_version = current_version


class WorkflowConflict(Conflict):
    """The claim's workflow state does not allow this now (e.g. approving a claim that
    is not submitted, or editing evidence that is locked)."""

    def __init__(self, message: str, *, changed_by: str | None = None):
        super().__init__(message, changed_by=changed_by)


class DuplicateArticle(Conflict):
    """The article being imported is already on the desk (same normalized URL or the
    same text); nothing was saved. The caller may import it anyway, explicitly.

    `existing` is the article found, `matched_by` "url" or "text", and `candidate`
    the fields that would have been stored (so a page can offer "Import anyway"
    without asking for an uploaded file again).
    """

    def __init__(self, message: str, *, existing, matched_by: str, candidate=None):
        super().__init__(message)
        self.existing = existing
        self.matched_by = matched_by
        self.candidate = candidate or {}

    @property
    def duplicate_of(self) -> dict:
        """What the API answers about the existing article."""
        return {
            "id": self.existing.pk,
            "title": self.existing.title,
            "url": self.existing.url,
            "matched_by": self.matched_by,
        }


class Gone(DomainError):
    """What the request names existed but can no longer be used (an invitation
    accepted, revoked or past its date)."""

    status = 410
