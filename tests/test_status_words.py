"""One vocabulary for an article's status: the article page, the publish page, the
dashboard and the API say the same words, from one enum (workflow.ArticleState and
workflow.Publication), and no template spells a status word itself."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services, workflow
from annotations.models import RatingLabel
from reports import services as report_services
from tests import factories

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture
def in_review(db, reviewer):
    """An article with one rated, check-worthy claim: "in review", not a draft."""
    article = factories.ArticleFactory(
        title="Harbour budget", body="The council approved $3 million on Monday."
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.8)
    label = RatingLabel.objects.get(scale__is_default=True, slug="true")
    services.rating_set(claim=claim, reviewer=reviewer, label=label)
    return article


def _chip(html: str, element_id: str) -> str:
    chip = html.split(f'id="{element_id}"', 1)[1].split(">", 1)[1]
    return chip.split("<", 1)[0].strip()


def test_every_screen_says_in_review_for_an_article_in_review(
    client, editor, in_review
):
    client.force_login(editor)
    article_page = client.get(reverse("article-detail", args=[in_review.pk]))
    publish_page = client.get(reverse("report-publish", args=[in_review.pk]))
    dashboard = client.get(reverse("dashboard"))
    label = workflow.ArticleState.IN_REVIEW.label
    assert label == "In review"
    assert _chip(article_page.content.decode(), "article-state") == label
    assert _chip(publish_page.content.decode(), "publish-state") == label
    row = dashboard.content.decode().split(in_review.title, 1)[1]
    assert f">{label}</span>" in row.split("</tr>", 1)[0]
    api = APIClient()
    api.force_authenticate(editor)
    answer = api.get(f"/api/v1/articles/{in_review.pk}/").json()
    assert answer["state"] == "in review"
    assert answer["state_label"] == label


def test_the_publication_line_uses_the_publication_words(client, editor, in_review):
    client.force_login(editor)
    html = client.get(reverse("report-status", args=[in_review.pk])).content.decode()
    assert workflow.Publication.NOT_PUBLISHED.label in html
    status = report_services.publication_status(in_review)
    assert status["state"] == workflow.ArticleState.IN_REVIEW
    assert status["publication"] == workflow.Publication.NOT_PUBLISHED


@pytest.mark.parametrize("state", list(workflow.ArticleState))
def test_each_article_state_has_one_label(state):
    assert workflow.state_label(state) == state.label
    assert workflow.state_label(str(state)) == state.label
    assert state.label[0].isupper()


def test_an_unknown_code_is_shown_as_words_not_a_code():
    assert workflow.state_label("in_progress") == "In progress"


# --- no template spells a status itself ----------------------------------------------

STATUS_WORDS = sorted(
    {member.label for member in (*workflow.ArticleState, *workflow.Publication)},
    key=len,
    reverse=True,
)
CODE = re.compile(r"{%.*?%}|{#.*?#}|{{.*?}}", re.DOTALL)
TAG = re.compile(r"<[^>]*>")
# A status printed without the one label function: `{{ x.state }}`, with or without
# a case filter.
RAW_STATE = re.compile(r"{{\s*[\w.]*\bstate\b(\|(capfirst|title|upper|lower))?\s*}}")


def _text_nodes(source: str) -> list[str]:
    """The literal text of a template: what it prints that no variable decides."""
    visible = TAG.sub("\n", CODE.sub("\n", source))
    return [line.strip() for line in visible.splitlines() if line.strip()]


def _hard_coded(source: str) -> list[str]:
    """Status words a template prints itself: a raw `{{ x.state }}`, or a text node
    that is a status label or opens with one ("Published (revision …")."""
    # In an attribute (a CSS class such as "state-{{ x.state|slugify }}") a code is
    # not read by anyone; only what a page prints counts.
    printed = TAG.sub("\n", source)
    found = [match.group(0) for match in RAW_STATE.finditer(printed)]
    for node in _text_nodes(source):
        for word in STATUS_WORDS:
            if node.startswith(word) and (
                node == word or node[len(word) :].lstrip()[:1] in {"(", "·"}
            ):
                found.append(node)
                break
    return found


def test_the_detector_finds_a_hard_coded_status():
    assert _hard_coded("<span>{{ status.state|capfirst }}</span>")
    assert _hard_coded("<td>{{ article.state }}</td>")
    assert _hard_coded("{% if x %}Published (revision {{ n }}){% endif %}")
    assert _hard_coded("<strong>Changed since publication</strong>")
    assert _hard_coded("<p>Draft</p>")
    assert not _hard_coded("<p>Publish the report</p>")
    assert not _hard_coded("<p>{{ article.state|state_label }}</p>")
    assert not _hard_coded("<p>checked and published {{ date }}</p>")
    assert not _hard_coded('<section class="scan-{{ scan.state }}"></section>')


@pytest.mark.parametrize(
    "template",
    sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")),
)
def test_no_template_hard_codes_a_status_word(template):
    assert _hard_coded((TEMPLATES / template).read_text(encoding="utf-8")) == []
