"""JSON: the snapshot itself, canonical, and the JSON Schema that describes it."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from reports.exporters import get
from tests.reports.snapshots import synthetic_snapshot

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent.parent
    / "reports"
    / "schemas"
    / "report-v1.schema.json"
)
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def errors(snapshot) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(snapshot)]


def test_the_export_is_the_snapshot_serialised_canonically(seed):
    payload = get("json").render(seed)
    assert payload == (json.dumps(seed, ensure_ascii=False, indent=2) + "\n").encode(
        "utf-8"
    )
    assert payload.endswith(b"}\n")
    assert not payload.endswith(b"\n\n")
    assert json.loads(payload) == seed
    assert list(json.loads(payload)) == list(seed)  # key order kept, not sorted
    assert "—".encode() in get("json").render(
        {**seed, "methodology": "—"}
    )  # UTF-8, not \u escapes


def test_the_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["schema"] == {
        "const": "factcheck-report/1",
        "description": SCHEMA["properties"]["schema"]["description"],
    }


@pytest.mark.parametrize("build", ["seed", "synthetic", "first-revision"])
def test_sample_snapshots_are_valid(seed, build):
    snapshot = {
        "seed": seed,
        "synthetic": synthetic_snapshot(20),
        "first-revision": {
            **seed,
            "report": {**seed["report"], "revision": 1, "note": "", "previous": []},
        },
    }[build]
    assert errors(snapshot) == []


def _set(path, value):
    def change(snapshot):
        target = snapshot
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path):
    def change(snapshot):
        target = snapshot
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


INVALID = {
    "other schema version": _set(["schema"], "factcheck-report/2"),
    "missing report": _delete(["report"]),
    "missing claim text": _delete(["claims", 0, "text"]),
    "unknown top-level field": _set(["extra"], 1),
    "unknown verdict field": _set(["claims", 0, "verdict", "score"], 1),
    "stance out of enum": _set(["claims", 0, "citations", 0, "stance"], "agrees"),
    "polarity out of enum": _set(["claims", 0, "verdict", "polarity"], "mixed"),
    "source kind out of enum": _set(
        ["claims", 0, "citations", 0, "source", "kind"], "blog"
    ),
    "attribution type out of enum": _set(["claims", 0, "attribution_type"], "Bot"),
    "ordinal as text": _set(["claims", 0, "verdict", "ordinal"], "4"),
    "time without offset": _set(["report", "published_at"], "2026-12-01T22:15:03"),
    "date as time": _set(["article", "published_on"], "2021-03-09T00:00:00Z"),
    "relative report url": _set(["report", "url"], "/reports/12/"),
    "javascript source url": _set(
        ["claims", 0, "citations", 0, "source", "url"], "javascript:alert(1)"
    ),
    "revision zero": _set(["report", "revision"], 0),
    "negative offset": _set(["claims", 0, "start"], -1),
    "checkworthiness above one": _set(["claims", 0, "checkworthiness"], 1.5),
    "anchor not claim-N": _set(["claims", 0, "anchor"], "x"),
    "empty claim text": _set(["claims", 0, "text"], ""),
    "count below zero": _set(["coverage", "checked"], -1),
    "logo not a url": _set(["organisation", "logo"], "logo.png"),
}


@pytest.mark.parametrize("change", INVALID.values(), ids=INVALID.keys())
def test_invalid_snapshots_fail(seed, change):
    snapshot = copy.deepcopy(seed)
    change(snapshot)
    assert errors(snapshot)
