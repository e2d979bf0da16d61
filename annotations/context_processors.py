from annotations import roles as role_rules


def roles(request):
    user = request.user
    return {
        "user_role": role_rules.role_name(user),
        "can_review": role_rules.is_reviewer(user),
        "can_edit": role_rules.is_editor(user),
    }
