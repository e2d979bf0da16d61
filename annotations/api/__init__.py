"""The REST API under /api/v1/: DRF views over the services and selectors."""

from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=`: 100 rows a page unless asked, never more than 500."""

    max_limit = 500
