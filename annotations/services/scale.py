"""The rating scale's labels: editors change names, descriptions and order.

A label's slug, ordinal and polarity are what verdicts, the gap rules and exports
read, so they are fixed once a rating or verdict uses the label.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from annotations import limits, policies
from annotations.errors import Conflict, InvalidInput
from annotations.models import Polarity, Rating, RatingLabel, RatingScale, Verdict

LABEL_FIELDS = ("name", "slug", "ordinal", "polarity", "description", "position")


def _in_use(label: RatingLabel) -> bool:
    return (
        Rating.objects.filter(label=label).exists()
        or Verdict.objects.filter(label=label).exists()
    )


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(LABEL_FIELDS)
    if unknown:
        raise InvalidInput(
            gettext("Unknown label fields: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "name" in fields:
        fields["name"] = " ".join((fields["name"] or "").split())[
            : limits.SCALE_NAME_MAX
        ]
        if not fields["name"]:
            raise InvalidInput(gettext("A label needs a name."))
    if "polarity" in fields and fields["polarity"] not in Polarity.values:
        raise InvalidInput(
            gettext("Unknown polarity %(polarity)r.") % {"polarity": fields["polarity"]}
        )
    return fields


@transaction.atomic
def rating_label_save(
    *, scale: RatingScale, user, label: RatingLabel | None = None, **fields
) -> RatingLabel:
    """Create a label on the scale, or change one (editors and admins)."""
    policies.check_manage_desk(
        user, gettext("Only editors and admins edit the rating scale.")
    )
    fields = _clean(fields)
    if label is None:
        label = RatingLabel(scale=scale)
        fields.setdefault("slug", slugify(fields.get("name", "")))
    else:
        label = RatingLabel.objects.select_for_update().get(pk=label.pk)
        fixed = [
            name
            for name in ("slug", "ordinal", "polarity")
            if name in fields and fields[name] != getattr(label, name)
        ]
        if fixed and _in_use(label):
            raise Conflict(
                gettext(
                    "%(label)r is used by ratings or verdicts: its %(fields)s "
                    "cannot change. Add a new label instead."
                )
                % {"label": label.name, "fields": ", ".join(fixed)}
            )
    for name, value in fields.items():
        setattr(label, name, value)
    label._history_user = user
    label.save()
    return label


@transaction.atomic
def rating_label_delete(*, label: RatingLabel, user) -> None:
    policies.check_manage_desk(
        user, gettext("Only editors and admins edit the rating scale.")
    )
    label = RatingLabel.objects.select_for_update().get(pk=label.pk)
    if _in_use(label):
        raise Conflict(
            gettext("%(label)r is used by ratings or verdicts; keep it.")
            % {"label": label.name}
        )
    label._history_user = user
    label.delete()
