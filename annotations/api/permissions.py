"""Who may call the API (DESIGN.md, Roles)."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from annotations import roles


class IsReviewerOrReadsPublished(BasePermission):
    """Reviewers, editors and admins may call everything the services allow.

    Anyone else, signed in or not, may only read the endpoints a view marks
    `public_read`; those views narrow their querysets to published articles, so an
    unpublished article is a 404 to them. Editor-only verbs (assign) are refused by
    the services themselves, so the rule lives in one place.
    """

    message = "Reviewers, editors and admins only; readers see published articles."

    def has_permission(self, request, view) -> bool:
        if roles.is_reviewer(request.user):
            return True
        return request.method in SAFE_METHODS and getattr(view, "public_read", False)
