"""JSON types are exact in the API's bodies: what the schema says, and nothing DRF
would quietly coerce (the number 0 as the text "0", 0 as false, an object as an
empty list, "5" as 5).

Every input serializer is checked here before its own validation
(`ApiViewSet.validated`, and the reports endpoints), so a client that sends the wrong
type learns it, with one message per field, instead of having it stored as something
else.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from rest_framework import serializers

MESSAGES = {
    bool: gettext_lazy("Must be true or false."),
    int: gettext_lazy("Must be a whole number."),
    float: gettext_lazy("Must be a number."),
    str: gettext_lazy("Must be text."),
    list: gettext_lazy("Must be a list."),
    dict: gettext_lazy("Must be an object."),
}


def _expected(field) -> tuple[type, ...] | None:
    """The JSON types a field takes, or None when it takes any."""
    if isinstance(field, serializers.BooleanField):
        return (bool,)
    if isinstance(field, serializers.IntegerField):
        return (int,)
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        return (int, float)
    if isinstance(
        field,
        serializers.ListField
        | serializers.ManyRelatedField
        | serializers.ListSerializer,
    ):
        return (list,)
    if isinstance(field, serializers.DictField | serializers.Serializer):
        return (dict,)
    if isinstance(field, serializers.JSONField):
        return None
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        return (int,)
    if isinstance(field, serializers.SlugRelatedField):
        return (str,)
    if isinstance(field, serializers.ChoiceField):
        kinds = {type(key) for key in field.choices}
        return tuple(kinds) if kinds <= {str, int} else None
    if isinstance(
        field,
        serializers.CharField
        | serializers.DateField
        | serializers.DateTimeField
        | serializers.TimeField,
    ):
        return (str,)
    return None


def _is(value, kinds: tuple[type, ...]) -> bool:
    # In Python a bool is an int: true is not the number 1 here.
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, kinds)


def type_errors(serializer: serializers.Serializer, data) -> dict[str, list[str]]:
    """The body's fields that have the wrong JSON type for `serializer`."""
    errors: dict[str, list[str]] = {}
    if not isinstance(data, dict):
        return errors  # the serializer says "Expected a dictionary"
    for name, field in serializer.fields.items():
        if field.read_only or name not in data:
            continue
        value, kinds = data[name], _expected(field)
        # null is the field's own business (allowed, or "may not be null").
        if kinds is None or value is None or _is(value, kinds):
            continue
        errors[name] = [MESSAGES[kinds[0]]]
    return errors


def validated(serializer_class, data, **kwargs) -> dict:
    """The body's validated data; 400 with every field's message, a wrong type
    reported as such (and the other fields' own messages beside it)."""
    serializer = serializer_class(data=data, **kwargs)
    wrong = type_errors(serializer, data)
    if serializer.is_valid() and not wrong:
        return serializer.validated_data
    raise serializers.ValidationError({**serializer.errors, **wrong})
