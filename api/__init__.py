"""The REST API under /api/v1/: DRF views over the services and selectors."""

import re

from rest_framework.exceptions import ParseError
from rest_framework.pagination import LimitOffsetPagination

# The largest row id or offset a query string may name (PostgreSQL's integer).
INT_MAX = 2_147_483_647
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,20}")
# The OpenAPI schema of a query-string id or count that `query_int(minimum=1)` takes.
POSITIVE_INT = {"type": "integer", "minimum": 1, "maximum": INT_MAX}


def query_int(params, name: str, *, minimum: int, maximum: int = INT_MAX) -> int | None:
    """`?name=` as a whole number in range; None when left out, else 400.

    One rule for every number a query string carries (ids, days, limit, offset), so
    "", "abc", "1.5", "1_000", "-1" or a 30-digit number are refused the same way.
    """
    raw = params.get(name)
    if raw is None:
        return None
    if not WHOLE_NUMBER.fullmatch(raw):
        raise ParseError(f"{name} must be a whole number.")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise ParseError(f"{name} must be from {minimum} to {maximum}.")
    return value


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`: 100 rows a page unless asked, never more than 500.

    A limit above 500 is served as 500 (the `next` link says so); a limit or offset
    that is not a whole number in range is refused with 400, not quietly replaced.
    """

    max_limit = 500

    def get_limit(self, request):
        value = query_int(request.query_params, self.limit_query_param, minimum=1)
        return self.default_limit if value is None else min(value, self.max_limit)

    def get_offset(self, request):
        value = query_int(request.query_params, self.offset_query_param, minimum=0)
        return value or 0

    def get_schema_operation_parameters(self, view):
        limit, offset = super().get_schema_operation_parameters(view)
        limit["schema"] = POSITIVE_INT
        limit["description"] = (
            f"Rows per page (default {self.default_limit}; more than "
            f"{self.max_limit} is served as {self.max_limit})."
        )
        offset["schema"] = {"type": "integer", "minimum": 0, "maximum": INT_MAX}
        return [limit, offset]
