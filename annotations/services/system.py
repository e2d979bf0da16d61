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
