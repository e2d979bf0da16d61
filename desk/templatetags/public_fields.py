"""`{% published_notice %}` and `{% internal_notice %}`: the words a template puts
under a field it writes out itself (annotations.public_fields)."""

from django import template

from annotations import public_fields

register = template.Library()


@register.simple_tag
def published_notice() -> str:
    return public_fields.PUBLISHED


@register.simple_tag
def internal_notice() -> str:
    return public_fields.INTERNAL
