"""The OpenAPI schema at /api/schema/ generates without warnings and lists the API."""

import json

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    paths = yaml.safe_load(path.read_text())["paths"]
    for expected in (
        "/api/v1/articles/",
        "/api/v1/articles/{id}/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/split/",
        "/api/v1/claims/{id}/merge/",
        "/api/v1/claims/{id}/rebound/",
        "/api/v1/claims/{id}/assign/",
        "/api/v1/sources/",
        "/api/v1/citations/{id}/",
        "/api/v1/ratings/mine/",
        "/api/v1/rating-labels/",
        "/api/v1/gaps/",
    ):
        assert expected in paths
    split = paths["/api/v1/claims/{id}/split/"]["post"]
    assert "409" in split["responses"]
    body = split["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/Split")


def test_the_schema_endpoint_answers(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/claims/{id}/split/" in response.content


# --- every operation documents what it can refuse (api/schema.py) ---------


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_every_operation_documents_its_refusals(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        for code in ("401", "403", "429"):
            assert code in responses, (method, path, code)
        if "{" in path:
            assert "404" in responses, (method, path)
        if method in {"post", "put", "patch", "delete"}:
            for code in ("400", "409", "413", "415"):
                assert code in responses, (method, path, code)
            # JSON everywhere, but the one operation that takes a file.
            uploads = path == "/api/v1/citations/upload/"
            assert list(operation.get("requestBody", {}).get("content", {})) in (
                [],
                ["multipart/form-data" if uploads else "application/json"],
            ), (method, path)
        if any(p["in"] == "query" for p in operation.get("parameters", ())):
            assert "400" in responses, (method, path)


def test_a_refused_body_is_documented_in_either_shape(schema):
    answer = schema["paths"]["/api/v1/claims/"]["post"]["responses"]["400"]
    refs = {
        one["$ref"].rsplit("/", 1)[1]
        for one in answer["content"]["application/json"]["schema"]["anyOf"]
    }
    assert refs == {"Error", "FieldErrors"}


def test_path_ids_are_integers(schema):
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", ()):
            if parameter["in"] == "path" and parameter["name"] == "id":
                assert parameter["schema"]["type"] == "integer", (method, path)


def test_urls_that_may_be_empty_say_so_and_required_text_needs_a_character(schema):
    components = schema["components"]["schemas"]
    url = components["ArticleList"]["properties"]["url"]
    assert {"type": "string", "maxLength": 0} in url["anyOf"]
    # A report's own address is never empty.
    assert components["Report"]["properties"]["url"]["format"] == "uri"
    explanation = components["Approve"]["properties"]["explanation"]
    assert explanation["minLength"] == 1
    assert explanation["pattern"] == r"\S"
    # Optional text may be blank: no such constraint.
    assert "minLength" not in components["Approve"]["properties"]["gap_override_reason"]


def test_names_that_may_be_missing_are_nullable(schema):
    components = schema["components"]["schemas"]
    assert components["ClaimList"]["properties"]["verdict"]["nullable"] is True
    assert components["ClaimDetail"]["properties"]["submitted_by"]["nullable"] is True


def test_the_desk_agreement_is_one_object_not_a_list(schema):
    answer = schema["paths"]["/api/v1/agreement/"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DeskAgreement"
    }


def test_http_basic_is_a_documented_scheme(schema):
    assert "basicAuth" in schema["components"]["securitySchemes"]


def test_an_unknown_api_address_answers_json(client):
    for path in ("/api/v1/nothing-here/", "/api/v1/reports/%C2%84/", "/api/v1/x/1/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response.json()["code"] == "not_found"
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


# --- the answers agree with the schema ------------------------------------------------


def test_every_operation_documents_a_bad_query_a_long_address_and_an_outage(schema):
    """Any address may carry a query string (one holding NUL is a 400), any may be
    longer than the web server reads (its own 414 page), and any request may meet
    the database restarting (503 with Retry-After)."""
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert "400" in responses, (method, path)
        assert set(responses["414"]["content"]) == {"text/html", "text/plain"}
        assert "503" in responses, (method, path)


@pytest.fixture
def published_three_times(seed_text, reviewer, editor):
    from annotations import services as desk
    from reports import services
    from tests.report_fixtures import verify_article

    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    verify_article(article, reviewer=reviewer, editor=editor)
    services.article_publish(article=article, user=editor)
    for number in (2, 3):
        # A corrected headline: the report changes, so a correction may be published.
        article = desk.article_update(
            article=article, user=editor, title=f"Corrected headline {number}"
        )
        services.article_publish(
            article=article, user=editor, note=f"Correction {number}."
        )
    return article


def test_report_revisions_are_a_page_like_every_list(client, published_three_times):
    url = f"/api/v1/reports/{published_three_times.pk}/revisions/"
    first = client.get(url, {"limit": 2}).json()
    assert first["count"] == 3
    assert [row["number"] for row in first["results"]] == [3, 2]
    assert "offset=2" in first["next"]
    last = client.get(url, {"limit": 2, "offset": 2}).json()
    assert [row["number"] for row in last["results"]] == [1]
    assert last["next"] is None
    assert client.get(url, {"limit": "abc"}).status_code == 400


def test_each_export_is_served_as_the_media_type_the_schema_names(
    client, published_three_times, schema
):
    from reports import exporters

    answer = schema["paths"]["/api/v1/reports/{id}/export/{identifier}/"]["get"]
    documented = answer["responses"]["200"]["content"]
    assert "*/*" not in documented
    for identifier in exporters.EXPORTERS:
        response = client.get(
            f"/api/v1/reports/{published_three_times.pk}/export/{identifier}/"
        )
        assert response.status_code == 200, identifier
        media_type = response["Content-Type"].split(";")[0].strip()
        assert media_type in documented, identifier
        shape = documented[media_type]["schema"]
        if media_type.endswith("json"):
            data = json.loads(response.content)
            kinds = {one["type"] for one in shape.get("anyOf", [shape])}
            assert {dict: "object", list: "array"}[type(data)] in kinds, identifier
