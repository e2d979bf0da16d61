"""The OpenAPI document says what the API really answers.

drf-spectacular describes the happy path from the serializers; this module adds the
rest, in one place, so no endpoint forgets it:

- `document_errors` (a post-processing hook) gives every operation the refusals it can
  answer: 400 for a body or query string that does not pass (as `{"detail", "code"}` or
  as `{field: [messages]}`; any operation, since any address may carry a query
  string, and one holding NUL is refused), 401/403 for who you are, 404 for a path
  naming no row, 409 for a write the current state refuses, 413 and 415 for bodies
  too large or not JSON, 414 for an address longer than the web server reads (its
  own HTML page, before the application sees the request), 429 when you must slow
  down, 503 when the database cannot be reached for a moment.
- URL fields that may be empty are documented as "a URL or an empty string" (a
  model's `URLField(blank=True)`), where spectacular would say only "uri".
- Required text fields say `minLength: 1` and, when surrounding white space is trimmed,
  that they need a character other than white space.
- Every `{id}` in a path is a row's integer id (some viewsets match it with a regex
  that spectacular cannot read).
- Rows named in a body by id say the id starts at 1; by slug, what a slug is.
- HTTP Basic (with its lockout) is named as a security scheme beside tokens and the
  session cookie.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.authentication import BasicScheme, SessionScheme
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

ERROR = {"$ref": "#/components/schemas/Error"}
FIELD_ERRORS = {"$ref": "#/components/schemas/FieldErrors"}

COMPONENTS = {
    "FieldErrors": {
        "type": "object",
        "description": "A body that did not pass: each field named with its messages "
        "(a list of strings, or the same shape again for a nested object).",
        "minProperties": 1,
        "additionalProperties": True,
    },
}

WRITE_METHODS = {"post", "put", "patch", "delete"}
HTTP_METHODS = {"get", "head", "options", "trace", *WRITE_METHODS}


def _answer(description: str, *schemas: dict) -> dict:
    schema = schemas[0] if len(schemas) == 1 else {"anyOf": list(schemas)}
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


TOO_LONG = {
    "description": "The address (path and query string) is longer than the web "
    "server reads (gunicorn: 4,094 bytes for the request line); the server's own "
    "page, the application never sees the request.",
    "content": {
        "text/html": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}},
    },
}


def _refusals(path: str, method: str, operation: dict) -> dict[str, dict]:
    writes = method in WRITE_METHODS
    answers = {
        "401": _answer("The credentials sent are wrong (an unknown token).", ERROR),
        "403": _answer("Not signed in, or your role may not do this.", ERROR),
        "429": _answer(
            "Too many requests (or wrong tokens); the Retry-After header says when "
            "to try again.",
            ERROR,
        ),
        "400": _answer(
            "The request did not pass: malformed JSON or query string, a value out of "
            "range, NUL or unpaired surrogates in text or a header, or a field's own "
            "message.",
            ERROR,
            FIELD_ERRORS,
        ),
        "414": TOO_LONG,
        "503": _answer(
            "The database could not be reached for a moment (restarting); the "
            "Retry-After header says when to try again.",
            ERROR,
        ),
    }
    if "{" in path:
        answers["404"] = _answer("No such row (or not visible to you).", ERROR)
    if writes:
        answers["409"] = _answer("The current state refuses this change.", ERROR)
        answers["413"] = _answer("The body is larger than the server accepts.", ERROR)
        answers["415"] = _answer("The body is not JSON.", ERROR)
    return answers


def document_errors(result, generator, request, public):
    """Post-processing hook: add every refusal an operation can answer."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in COMPONENTS.items():
        schemas.setdefault(name, schema)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("name") == "id":
                    parameter["schema"] = {"type": "integer"}
            responses = operation.setdefault("responses", {})
            for code, answer in _refusals(path, method, operation).items():
                if code not in responses:
                    responses[code] = answer
                elif code == "400":
                    # Field errors come without "detail"/"code": either shape.
                    for content in responses[code].get("content", {}).values():
                        if content.get("schema") == ERROR:
                            content["schema"] = {"anyOf": [ERROR, FIELD_ERRORS]}
    return result


class SingleObjectSchema(AutoSchema):
    """For a viewset's `list` that answers one object (a summary), not a page."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class OptionalURLFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "rest_framework.fields.URLField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = build_basic_type(OpenApiTypes.URI)
        field = self.target
        if _may_be_blank(field):
            return {
                "anyOf": [schema, {"type": "string", "maxLength": 0}],
                "description": "A URL, or an empty string where none is known.",
            }
        return schema


def _may_be_blank(field) -> bool:
    if getattr(field, "allow_blank", False):
        return True
    # A read-only model field loses allow_blank in DRF: ask the model.
    meta = getattr(getattr(field, "parent", None), "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except FieldDoesNotExist:  # a method or a property
        return False


class RequiredTextExtension(OpenApiSerializerFieldExtension):
    """Text that may not be blank says so: at least one character, and one that is
    not white space where the field trims it (as DRF's CharField does by default)."""

    target_class = "rest_framework.fields.CharField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = auto_schema._map_serializer_field(
            field, direction, bypass_extensions=True
        )
        if direction == "request" and not field.read_only and not field.allow_blank:
            schema.setdefault("minLength", 1)
            if field.trim_whitespace and "pattern" not in schema:
                schema["pattern"] = r"\S"
        return schema


class LockoutAwareBasicScheme(BasicScheme):
    target_class = "api.authentication.LockoutAwareBasicAuthentication"


class ActiveSessionScheme(SessionScheme):
    """The session cookie, for active accounts only: documented as the cookie."""

    target_class = "api.authentication.ActiveSessionAuthentication"


class RowIdExtension(OpenApiSerializerFieldExtension):
    """A row named by its id in a body: ids start at 1."""

    target_class = "rest_framework.relations.PrimaryKeyRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(
            self.target, direction, bypass_extensions=True
        )
        if schema.get("type") == "integer":
            schema.setdefault("minimum", 1)
        return schema


class SlugExtension(OpenApiSerializerFieldExtension):
    """A row named by its slug (a rating label): letters, digits, - and _."""

    target_class = "rest_framework.relations.SlugRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(
            self.target, direction, bypass_extensions=True
        )
        if schema.get("type") == "string" and direction == "request":
            schema.setdefault("pattern", r"^[-a-zA-Z0-9_]+$")
        return schema
