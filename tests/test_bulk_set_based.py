"""The claim table's bulk service is set-based and still the single edit, many times.

Two identical desks: one changed segment by segment through the single-edit
services (what the bulk service did before it was set-based), the other in one
`claims_bulk` call. Outcomes, messages, rows, history (with its assignee
snapshots), notifications and rescans must come out the same. Then the query
budget: the same count for 2 segments as for 20.
"""

import re

import pytest
from django.contrib.auth import get_user_model

from annotations import services
from annotations.errors import DomainError
from annotations.models import Claim, Notification, PendingRescan
from annotations.services.claims import claim_assign, claim_dismiss, claim_set_kind
from tests import factories

BODY = (
    "The mayor said crime fell by 12 percent. Officials built 40 schools. "
    "Rents doubled in a decade. Taxes will rise next year. Unemployment is 5 percent. "
    "The bridge cost $3 billion. Voters backed the plan by 60 percent. "
    "The river flooded twice."
)


@pytest.fixture
def people(db):
    def make(username, role):
        return factories.UserFactory(
            username=username, first_name=username.title(), last_name="X", role=role
        )

    return {
        "eddie": make("eddie", "editor"),
        "rita": make("rita", "reviewer"),
        "olga": make("olga", "reviewer"),
        "nora": get_user_model().objects.create_user("nora", email="n@example.org"),
    }


def desk(people):
    """An article whose segments are in every state a bulk action meets, and the
    (claim id, version seen) items of the table as it was loaded, in table order
    with a segment of another article among them."""
    article = factories.ArticleFactory(body=BODY)
    claims = factories.claims_for(article)
    _fresh, assigned, dismissed, opinion, submitted, stale, approved, olgas = claims
    eddie = people["eddie"]
    claim_assign(claim=assigned, assignees=[people["rita"]], user=eddie)
    claim_assign(claim=olgas, assignees=[people["olga"]], user=eddie)
    claim_dismiss(claim=dismissed, reason="Opinion", user=eddie)
    claim_set_kind(claim=opinion, kind="opinion", user=eddie)
    Claim.objects.filter(pk=submitted.pk).update(status="submitted")
    Claim.objects.filter(pk=approved.pk).update(status="approved")
    seen = {c.pk: c.version for c in Claim.objects.filter(article=article)}
    services.claim_set_attribution(claim=stale, attribution="The mayor", user=eddie)
    (foreign,) = factories.claims_for(factories.ArticleFactory(body="Elsewhere."))
    order = [claims[i].pk for i in (3, 0, 5, 1, 7, 2, 4, 6)]
    items = [(pk, seen[pk]) for pk in order[:4]]
    items += [(foreign.pk, foreign.version)]
    items += [(pk, seen[pk]) for pk in order[4:]]
    items += [(claims[0].pk, None)]  # ticked twice: the last version given counts
    Notification.objects.all().delete()
    PendingRescan.objects.all().delete()
    return article, claims, foreign, items


def one_by_one(*, article, items, action, user, assignees=(), reason="", kind=""):
    """What the bulk service did before it was set-based: each segment through its
    single-edit service, in a savepoint of its own."""
    items = list(dict(items).items())
    rows = {c.pk: c for c in Claim.objects.filter(article=article)}
    done, skipped = [], []
    for pk, version in items:
        claim = rows.get(pk)
        if claim is None:
            skipped.append((pk, "it is not a segment of this article"))
            continue
        if action == "dismiss" and claim.dismissed_at is not None:
            skipped.append((pk, "it is dismissed already"))
            continue
        if action == "kind" and claim.kind == kind:
            skipped.append((pk, "it is that kind already"))
            continue
        try:
            if action == "assign":
                claim_assign(claim=claim, assignees=list(assignees), user=user,
                             expected_version=version)  # fmt: skip
            elif action == "dismiss":
                claim_dismiss(claim=claim, reason=reason, user=user,
                              expected_version=version)  # fmt: skip
            else:
                claim_set_kind(claim=claim, kind=kind, user=user,
                               expected_version=version)  # fmt: skip
        except DomainError as exc:
            skipped.append((pk, exc.message))
            continue
        done.append(pk)
    return done, skipped


def story(claims, foreign, done, skipped):
    """Everything the change left behind, with claim ids replaced by their place
    in the article and clock times blanked, so two desks can be compared."""
    index = {claim.pk: n for n, claim in enumerate(claims)} | {foreign.pk: "foreign"}

    def words(text):
        text = re.sub(r"\d\d:\d\d:\d\d", "T", text)
        return re.sub(r"#(\d+)", lambda m: f"#{index.get(int(m[1]), m[1])}", text)

    snapshot = Claim.history.model.historicalclaim_assignees_set.rel.related_model
    history = []
    for claim in claims:
        for record in claim.history.order_by("history_date", "history_id"):
            history.append((
                index[claim.pk], record.history_type, record.version, record.kind,
                record.status, record.dismissed_reason,
                record.dismissed_at is None, record.attribution,
                record.history_user.username if record.history_user else None,
                record.history_change_reason,
                sorted(
                    row.user.username
                    for row in snapshot.objects.filter(history=record)
                ),
            ))  # fmt: skip
    rows = []
    # Ordered by place, the other article's claim last: by offset alone it ties with
    # the first claim (both start at 0), in whatever order the database returns.
    claims_by_place = sorted(
        Claim.objects.filter(pk__in=index).prefetch_related("assignees"),
        key=lambda claim: (index[claim.pk] == "foreign", claim.start, claim.pk),
    )
    for claim in claims_by_place:
        rows.append((
            index[claim.pk], claim.version, claim.kind, claim.status,
            claim.dismissed_reason, claim.dismissed_at is None,
            sorted(user.username for user in claim.assignees.all()),
        ))  # fmt: skip
    notifications = sorted(
        (n.recipient.username, n.actor.username, n.kind, index[n.claim_id],
         words(n.text), n.email_due_at is None)
        for n in Notification.objects.all()
    )  # fmt: skip
    rescans = sorted(index[row.claim_id] for row in PendingRescan.objects.all())
    return {
        "done": [index[pk] for pk in done],
        "skipped": [(index[pk], words(message)) for pk, message in skipped],
        "rows": rows,
        "history": history,
        "notifications": notifications,
        "rescans": rescans,
    }


CASES = {
    "assign two": {"action": "assign", "assignees": ("rita", "olga")},
    "assign one already there": {"action": "assign", "assignees": ("olga",)},
    "assign to an outsider": {"action": "assign", "assignees": ("olga", "nora")},
    "assign to nobody": {"action": "assign", "assignees": ()},
    "dismiss": {"action": "dismiss", "reason": "  Not   checkable "},
    "kind opinion": {"action": "kind", "kind": "opinion"},
    "kind claim": {"action": "kind", "kind": "claim"},
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bulk_leaves_what_the_single_edits_leave(people, case, settings):
    settings.FACTCHECK_EMAIL_NOTIFICATIONS = True
    args = dict(case)
    args["assignees"] = [people[name] for name in args.get("assignees", ())]
    stories = []
    for how in ("one by one", "bulk"):
        Notification.objects.all().delete()
        article, claims, foreign, items = desk(people)
        if how == "bulk":
            outcome = services.claims_bulk(
                article=article, items=items, user=people["eddie"], **args
            )
            done, skipped = outcome.done, outcome.skipped
        else:
            done, skipped = one_by_one(
                article=article, items=items, user=people["eddie"], **args
            )
        stories.append(story(claims, foreign, done, skipped))
    by_one, bulk = stories
    for part in by_one:
        assert bulk[part] == by_one[part], part
    # Every case changes some segment but the outsider's, which changes none.
    assert bool(by_one["done"]) == ("nora" not in case.get("assignees", ()))
    assert by_one["skipped"], "every case skips some segment"


def budget_desk(n_claims, people):
    article = factories.big_article(n_claims, citations_per_claim=0)
    items = [(c.pk, c.version) for c in article.claims.order_by("start")]
    return article, items


# Exact counts, the same at 2 segments and at 20: the savepoint and its release;
# the user's groups (asked once,
# then cached); for an assignment the people's roles; the rows locked; and then
# one statement per write (UPDATE of the rows, assignee rows read, removed and
# added, history rows and their assignee snapshots, the recipients' saved
# languages and the notifications, the rescan outbox). SQLite splits an INSERT
# every 999 values (43 history rows; an assignment writes two a segment), so 20
# keeps every INSERT in one statement there; above that SQLite adds one per
# batch, never one per segment.
# Each includes queueing the rescans: a read of the claims already waiting, then one
# INSERT of the others (the outbox has no unique key: models.PendingRescan).
BULK_QUERIES = {"assign": 15, "dismiss": 9, "kind": 9}


@pytest.mark.parametrize("n_claims", [2, 20])
@pytest.mark.parametrize("action", BULK_QUERIES)
def test_bulk_query_budget(people, django_assert_num_queries, n_claims, action):
    article, items = budget_desk(n_claims, people)
    eddie = get_user_model().objects.get(username="eddie")
    args = {
        "assign": {"assignees": [people["rita"]]},
        "dismiss": {"reason": "Opinion"},
        "kind": {"kind": "opinion"},
    }[action]
    with django_assert_num_queries(BULK_QUERIES[action]):
        outcome = services.claims_bulk(
            article=article, items=items, action=action, user=eddie, **args
        )
    assert len(outcome.done) == n_claims
    assert Claim.history.filter(id__in=outcome.done).count() == n_claims * (
        2 if action == "assign" else 1
    )
