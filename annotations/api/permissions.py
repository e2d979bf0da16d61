"""Who may call the API. The rules themselves live in `annotations.policies`."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from annotations import policies


class IsReviewerOrReadsPublished(BasePermission):
    """Reviewers, editors and admins may call everything the services allow.

    Anyone else, signed in or not, may only read the endpoints a view marks
    `public_read`; those views narrow their querysets with the viewer-aware
    selectors, so an unpublished article is a 404 to them. Editor-only verbs are
    refused by the services (through the same policies), so each rule lives once.
    """

    message = "Reviewers, editors and admins only; readers see published articles."

    def has_permission(self, request, view) -> bool:
        if policies.can_annotate(request.user):
            return True
        return request.method in SAFE_METHODS and getattr(view, "public_read", False)


class IsEditor(BasePermission):
    """Endpoints only editors and admins use (the review queue)."""

    message = "Editors and admins only."

    def has_permission(self, request, view) -> bool:
        return policies.can_manage_desk(request.user)


class IsSignedIn(BasePermission):
    """Anyone signed in with an active account, for their own things
    (notifications)."""

    message = "Sign in to see your notifications."

    def has_permission(self, request, view) -> bool:
        return policies.can_use_account(request.user)
