"""What every page's layout needs to know about the viewer (one place: policies)."""

from annotations import policies, selectors


def roles(request):
    user = request.user
    return {
        "user_role": policies.role_name(user),
        "can_review": policies.can_annotate(user),
        "can_edit": policies.can_manage_desk(user),
        "can_admin": policies.can_administer(user),
        # Lazy: pages that do not render the header (htmx partials) cost no query.
        "unread_notifications": lambda: selectors.unread_notification_count(user),
    }
