"""The writes no person makes, and the actor that names them.

Every other service acts for a person and asks `annotations.policies` first. What
is here is bookkeeping the desk does by itself: it needs no permission because no
person asked for it, and it is kept in this one module so that exception has a
name. docs/WORKFLOW.md, "The write path", lists them.

`SYSTEM` is the acting user a caller passes when the desk itself creates
something a person would otherwise create (seed articles, an import run on the
command line without --user): the service skips its permission check for it, and
records no person as the creator. `None` is never accepted in its place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


class SystemActor:
    """The desk acting for itself; passed where a service takes the acting user.

    To anything that asks whether it is a signed-in person (the policies) it is
    not one, so only a service that names it explicitly lets it through."""

    is_authenticated = False
    is_active = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    """Whether a service's acting user is the desk itself (`SYSTEM`)."""
    return isinstance(actor, SystemActor)


def person(actor):
    """The user to record as having made a change: None for `SYSTEM`."""
    return None if is_system(actor) else actor


# --- link checks --------------------------------------------------------------------

LINK_FIELDS = (
    "link_status",
    "link_failures",
    "link_checked_at",
    "link_http_status",
    "link_final_url",
    "link_error",
    "link_elapsed_ms",
)


def link_results_save(sources: Iterable) -> None:
    """Store link-check results on their sources, set-based: one UPDATE per 500
    sources whatever their outcomes. Link health is bookkeeping, not an edit: no
    history row, no version bump, `updated_at` left alone."""
    from annotations.models import Source

    Source.objects.bulk_update(list(sources), LINK_FIELDS, batch_size=500)


# --- API tokens ---------------------------------------------------------------------


def token_mark_used(token_id: int, when: dt.datetime) -> None:
    """Record when an API token was last presented (authentication's bookkeeping)."""
    from annotations.models import ApiToken

    ApiToken.objects.filter(pk=token_id).update(last_used_at=when)


# --- job messages -------------------------------------------------------------------


def job_mark_sent(model, pk: int, *, read, now: dt.datetime) -> bool:
    """Move a job row's `sent_at` from the value a reaper read to `now`; only one of
    several reapers doing this at once wins (a conditional UPDATE)."""
    return bool(model.objects.filter(pk=pk, sent_at=read).update(sent_at=now))


def job_unmark_sent(model, pk: int, *, sent: dt.datetime, back_to) -> None:
    """Undo `job_mark_sent` when the broker refused the message."""
    model.objects.filter(pk=pk, sent_at=sent).update(sent_at=back_to)


# --- role groups --------------------------------------------------------------------


def role_group(name: str):
    """The auth group that carries a desk role, made on first use."""
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=name)[0]


def role_grant_admin(user) -> None:
    """Make a user an admin: superuser and staff."""
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])


def role_grant_group(user, group_name: str) -> None:
    """Add a user to the group that carries a desk role."""
    user.groups.add(role_group(group_name))


# --- seeds --------------------------------------------------------------------------


def default_scale_ensure(spec: dict):
    """Create the rating scale `spec` describes (annotations.ratingscale's
    DEFAULT_SCALE) and its labels if missing; never overwrites edits made since.
    It becomes the default scale only when there is none."""
    from annotations.models import RatingLabel, RatingScale

    scale, _ = RatingScale.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "description": spec["description"],
            "is_default": not RatingScale.objects.filter(is_default=True).exists(),
        },
    )
    for position, (name, slug, ordinal, polarity, description) in enumerate(
        spec["labels"]
    ):
        RatingLabel.objects.get_or_create(
            scale=scale,
            slug=slug,
            defaults={
                "name": name,
                "ordinal": ordinal,
                "polarity": polarity,
                "description": description,
                "position": position,
            },
        )
    return scale


def demo_user_create(*, username: str, password: str, first_name: str):
    """An account for the demo desk (`manage.py load_seeds`); its role is granted
    separately (`roles.grant`)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name
    )
