"""`{% published_notice %}` and `{% internal_notice %}`: the words a template puts
under a field it writes out itself (annotations.public_fields)."""

from django import template
from django.utils.translation import gettext, gettext_noop

from annotations import public_fields

register = template.Library()

# annotations.public_fields says the notices in English (the API's OpenAPI help
# and the admin keep them so); marked here so `makemessages` finds them, and said
# in the reader's language on the desk's pages and forms (desk.forms).
NOTICES = (
    gettext_noop("Shown in the published report."),
    gettext_noop("For the desk only: never published."),
)


@register.simple_tag
def published_notice() -> str:
    return gettext(public_fields.PUBLISHED)


@register.simple_tag
def internal_notice() -> str:
    return gettext(public_fields.INTERNAL)
