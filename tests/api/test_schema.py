"""The OpenAPI schema at /api/schema/ generates without warnings and lists the API."""

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
