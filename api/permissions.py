"""Who may call the API: DRF permissions that ask `annotations.policies` by the name
of the action. The rules themselves live in the policies."""

from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from annotations import policies


def requires(question, message: str = "") -> type[BasePermission]:
    """A DRF permission class that grants a request when `question(request.user)`,
    the policy function named for the endpoint's action, says yes.

    Finer refusals (an editor-only verb, a locked claim) come from the services,
    which ask the same policies per object.
    """

    class Requires(BasePermission):
        def has_permission(self, request, view) -> bool:
            return question(request.user)

    # Lazy, so the refusal is said in the language of the request that is refused.
    Requires.message = message or gettext_lazy("You may not do that.")
    Requires.required_policy = staticmethod(question)
    Requires.__name__ = Requires.__qualname__ = f"Requires_{question.__name__}"
    return Requires


# The desk's endpoints: reviewers, editors and admins. Readers use the reports API,
# which serves what is published.
CanAnnotate = requires(
    policies.can_annotate,
    gettext_lazy(
        "Reviewers, editors and admins only; readers use the published reports."
    ),
)
CanViewReviewQueue = requires(
    policies.can_view_review_queue, gettext_lazy("Editors and admins only.")
)
# Anyone signed in with an active account, for their own things (notifications).
CanUseAccount = requires(
    policies.can_use_account, gettext_lazy("Sign in to see your notifications.")
)
