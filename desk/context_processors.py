"""What every page's layout needs to know about the viewer (one place: policies)."""

from annotations import policies, selectors
from annotations.selectors.workspaces import workspaces_of


def roles(request):
    """The viewer's role in the request's desk (`request.workspace`), and the desks
    the header's switcher offers."""
    user = request.user
    desk = getattr(request, "workspace", None)
    return {
        "user_role": policies.role_name(user, desk),
        "can_review": policies.can_annotate(user, desk),
        "can_edit": policies.can_manage_desk(user, desk),
        "can_admin": policies.can_administer(user),
        "can_configure_desk": policies.can_configure_desk(user, desk),
        "can_manage_members": policies.can_manage_members(user, desk),
        # Lazy: pages that do not render the header (htmx partials) cost no query.
        "unread_notifications": lambda: selectors.unread_notification_count(user),
        "desk_choices": lambda: workspaces_of(user) if user.is_authenticated else [],
        "current_desk": desk,
    }
