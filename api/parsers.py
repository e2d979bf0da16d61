"""The API's JSON parser: DRF's, with the project's text guard and a depth limit."""

import io

from django.utils.translation import gettext
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from annotations.extraction.textguard import (
    MAX_JSON_DEPTH,
    first_bad_text,
    json_depth_exceeded,
)
from annotations.middleware import bad_text_reason


class GuardedJSONParser(JSONParser):
    """Refuses (400) documents nested deeper than MAX_JSON_DEPTH, which would
    exhaust the parser's recursion, and strings holding NUL or lone surrogates."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if json_depth_exceeded(raw):
            raise ParseError(
                gettext("The JSON nests deeper than %(limit)s levels.")
                % {"limit": MAX_JSON_DEPTH}
            )
        data = super().parse(io.BytesIO(raw), media_type, parser_context)
        bad = first_bad_text(data)
        if bad is not None:
            # The pure guard finds it; the reader's language is said here.
            where, part, text = bad
            what = (
                gettext("A key at %(where)s")
                if part == "key"
                else gettext("The value at %(where)s")
            ) % {"where": where}
            raise ParseError(bad_text_reason(text, what=what))
        return data
