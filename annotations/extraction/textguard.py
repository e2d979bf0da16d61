"""PURE: text a request may not carry anywhere (NUL, lone surrogates), and JSON
nesting depth, checked before anything parses or stores it."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_JSON_DEPTH = 64


def bad_text_reason(value, *, what: str = "The text") -> str | None:
    """Why `value` cannot be accepted, or None. NUL cannot be stored by PostgreSQL;
    a lone surrogate cannot be encoded as UTF-8 (nor shown on a page)."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return f"{what} contains a NUL character, which text may not hold."
    if _SURROGATE.search(value):
        return f"{what} contains an unpaired surrogate, which is not valid text."
    return None


def json_depth_exceeded(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON document nests deeper than `limit`, found by one linear
    scan of the bytes (brackets inside strings do not count) before json.loads,
    whose recursion a deep document would exhaust."""
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def first_bad_text(data, *, path: str = "") -> tuple[str, str, str] | None:
    """The first string in parsed JSON (keys too) that `bad_text_reason` refuses,
    as (where, "key" or "value", the string), so a caller can say it in its
    reader's language."""
    stack = [(path or "body", data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if bad_text_reason(node):
                return where, "value", node
        elif isinstance(node, dict):
            for key, value in node.items():
                if bad_text_reason(key):
                    return where, "key", key
                stack.append((f"{where}.{key}"[:200], value))
        elif isinstance(node, list):
            stack.extend((f"{where}[{i}]", value) for i, value in enumerate(node))
    return None


def first_bad_string(data, *, path: str = "") -> tuple[str, str] | None:
    """The first string in parsed JSON (keys too) that `bad_text_reason` refuses,
    as (where, reason in English)."""
    found = first_bad_text(data, path=path)
    if found is None:
        return None
    where, part, text = found
    what = f"A key at {where}" if part == "key" else f"The value at {where}"
    return where, bad_text_reason(text, what=what)
