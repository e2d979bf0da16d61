"""Sourcing gaps keep the message id and parameters of their detail, so the desk
says it in the reader's language (docs/I18N.md). Rows written before: the id is
filled where the stored English matches one of the rules' sentences; any other
text keeps an empty id and is shown as stored.

Frozen: the sentences below are copied from `annotations.sourcing.gaps` as they
were, so the migration reads old rows the same whatever the live code becomes.
"""

import re

from django.db import migrations, models

# In order of preference: "one outlet" was the fallback outlet before it had an id.
TEMPLATES = (
    ("no_source", "The claim cites no source."),
    ("single_source", "%(count)s source cited; at least %(minimum)s are needed."),
    (
        "not_independent_one_outlet",
        "All %(count)s sources come from one outlet; cite an independent one.",
    ),
    (
        "not_independent",
        "All %(count)s sources come from %(outlet)s; cite an independent one.",
    ),
    (
        "attribution_uncited",
        "The text attributes this to %(attribution)s; no citation comes from them.",
    ),
    (
        "no_primary",
        "The claim reports an institution's statement or decision; cite the "
        "primary document or official statement.",
    ),
    (
        "verdict_unsupported_false",
        "Rated on the false side, but no citation refutes the claim.",
    ),
    (
        "verdict_unsupported_true",
        "Rated on the true side, but no citation supports the claim.",
    ),
    ("dead_link", "%(url)s is dead and has no archived copy."),
    ("no_archive", "%(url)s has no archived copy."),
)
NUMBERS = frozenset({"count", "minimum"})
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(template):
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        name = match.group(1)
        parts.append(f"(?P<{name}>[0-9]+)" if name in NUMBERS else f"(?P<{name}>.+)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


PATTERNS = tuple((code, _pattern(template)) for code, template in TEMPLATES)


def read(detail):
    """(code, params) of a stored English detail, or None when no sentence fits."""
    for code, pattern in PATTERNS:
        match = pattern.fullmatch(detail)
        if match is not None:
            params = {
                name: int(value) if name in NUMBERS else value
                for name, value in match.groupdict().items()
            }
            return code, params
    return None


def fill_codes(apps, schema_editor):
    SourcingGap = apps.get_model("annotations", "SourcingGap")
    batch = []
    rows = (
        SourcingGap.objects.filter(detail_code="")
        .exclude(detail="")
        .only("pk", "detail")
        .order_by("pk")
    )
    for gap in rows.iterator(chunk_size=2000):
        found = read(gap.detail)
        if found is None:
            continue
        gap.detail_code, gap.detail_params = found
        batch.append(gap)
        if len(batch) >= 1000:
            SourcingGap.objects.bulk_update(batch, ["detail_code", "detail_params"])
            batch = []
    if batch:
        SourcingGap.objects.bulk_update(batch, ["detail_code", "detail_params"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0017_workspaces"),
    ]

    operations = [
        migrations.AddField(
            model_name="sourcinggap",
            name="detail_code",
            field=models.CharField(blank=True, default="", max_length=40),
        ),
        migrations.AddField(
            model_name="sourcinggap",
            name="detail_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop, elidable=True),
    ]
