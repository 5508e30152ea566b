"""Requests an attacker sent to the public site and API: each is refused with a 4xx, never a 5xx.

NUL characters are refused before any view runs (PostgreSQL cannot store or compare them), and
a funding bound must be a finite number.
"""

import pytest

NUL_URLS = [
    "/agencies/%00/",
    "/countries/%00/",
    "/api/v1/countries/%00/",
    "/api/v1/agencies/%00/",
    "/api/v1/initiatives/?agency=%00",
    "/api/v1/initiatives/?country=%00",
    "/api/v1/initiatives/?region=%00",
    "/api/v1/initiatives/?theme=%00",
    "/api/v1/initiatives/?document=%00",
    "/api/v1/initiatives/?q=%00",
    "/initiatives/?agency=%00",
    "/initiatives/?country=%00",
    "/initiatives/?region=%00",
    "/initiatives/?theme=%00",
    "/initiatives/?document=%00",
    "/api/v1/facets/?country=%00",
    "/api/v1/initiatives/download.csv?region=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_character_in_a_path_or_a_filter_is_refused_with_400_or_404(client, bundled, url):
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code in (400, 404), response.status_code
    if url.startswith("/api/"):
        assert "NUL" in response.json()["detail"]


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-Infinity", "inf", "1e309", "-1e309"])
@pytest.mark.parametrize("url", ["/initiatives/", "/api/v1/initiatives/", "/api/v1/facets/"])
def test_a_funding_bound_that_is_not_a_finite_number_is_refused(client, bundled, url, value):
    client.raise_request_exception = False

    response = client.get(url, {"funding_min": value, "funding_max": value})

    assert response.status_code == 400, response.status_code


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_pages_answer_options_with_405(client, url):
    client.raise_request_exception = False

    response = client.options(url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", ["/api/v1/documents/0.5/", "/api/v1/sdgs/null,null/", "/api/v1/nothing/"])
def test_an_api_url_that_matches_no_route_is_answered_in_json(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_page_that_does_not_exist_is_still_an_html_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
