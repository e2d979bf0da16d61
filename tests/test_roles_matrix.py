"""docs/ROLES.md's table of the roles with desks is the policies' answers: every
cell is asked of `annotations.policies` for a person holding that role in the desk
(or none), so the document cannot promise what the code does not do."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from annotations import policies, roles
from annotations.models import Workspace
from tests import factories

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parent.parent / "docs" / "ROLES.md"

# Each right of the table, as the policy questions that grant it in `desk`
# (`draft` is an unpublished article of the desk, `published` a published one).
RIGHTS = {
    "read its published reports": lambda u, w: policies.can_read_article(
        u, w["published"]
    ),
    "read its unpublished articles, work in it": lambda u, w: (
        policies.can_read_article(u, w["draft"])
        and policies.can_use_workspace(u, w["desk"])
    ),
    "create articles, edit claims, cite, rate, submit, discuss": lambda u, w: (
        policies.can_annotate(u, w["desk"])
    ),
    "the review queue: assign, approve, return, reopen; blind review": lambda u, w: (
        policies.can_view_review_queue(u, w["desk"])
        and policies.can_manage_desk(u, w["desk"])
        and policies.can_set_blind_review(u, w["draft"])
    ),
    "publish and unpublish its reports": lambda u, w: policies.can_publish(
        u, w["draft"]
    ),
    "override the two-person rule": lambda u, w: policies.can_override_two_person_rule(
        u, w["desk"]
    ),
    "its members page: roles, removals, invitations": lambda u, w: (
        policies.can_manage_members(u, w["desk"])
    ),
    "its webhooks: add, disable, delete, new secret, send again; the delivery log": (
        lambda u, w: policies.can_manage_webhooks(u, w["desk"])
    ),
    "make and rename desks, users, the Django admin": lambda u, w: (
        policies.can_administer(u)
    ),
}


def documented() -> tuple[list[str], list[tuple[str, list[str]]]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- desk-matrix:begin -->")[1].split(
        "<!-- desk-matrix:end -->"
    )[0]
    lines = [line for line in table.strip().splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")][1:]
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append((cells[0], cells[1:]))
    return header, rows


@pytest.fixture
def people():
    desk = Workspace.objects.create(slug="harbour", name="Harbour desk")
    elsewhere = Workspace.objects.create(slug="elsewhere", name="Elsewhere desk")
    draft = factories.ArticleFactory(workspace=desk, title="Draft")
    published = factories.ArticleFactory(
        workspace=desk, title="Out", published_at=timezone.now()
    )
    world = {"desk": desk, "draft": draft, "published": published}
    outsider = factories.UserFactory(role="admin", role__workspace=elsewhere)
    return world, {
        "Instance admin": factories.UserFactory(is_superuser=True, is_staff=True),
        "Desk admin": factories.UserFactory(role="admin", role__workspace=desk),
        "Editor": factories.UserFactory(role="editor", role__workspace=desk),
        "Reviewer": factories.UserFactory(role="reviewer", role__workspace=desk),
        # An admin of another desk: a role elsewhere grants nothing here.
        "Non-member": outsider,
        "Visitor": AnonymousUser(),
    }


def test_every_cell_of_the_desk_matrix_is_the_policies_answer(people):
    world, persons = people
    header, rows = documented()
    assert header == list(persons)
    assert len(rows) == len(RIGHTS)
    wrong = []
    for right, cells in rows:
        (question,) = [q for name, q in RIGHTS.items() if right.startswith(name)]
        for column, cell in zip(header, cells, strict=True):
            person = persons[column]
            roles.forget(person)
            answer = bool(question(person, world))
            if answer != (cell == "yes"):
                wrong.append(f"{right} / {column}: doc {cell}, policy {answer}")
    assert not wrong, "\n".join(wrong)
