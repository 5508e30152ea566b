"""The language switch: a GET that sets the language cookie, as Django's set_language would, and
goes back to a page of this site; anything else is refused and sets nothing."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings
from django.views.i18n import set_language

pytestmark = pytest.mark.django_db


def test_it_sets_the_language_cookie_and_goes_back_to_the_page(client, bundled):
    response = client.get("/language/", {"language": "en", "next": "/initiatives/?agency=FAO"})

    assert response.status_code == 302
    assert response["Location"] == "/initiatives/?agency=FAO"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "no-store" in response["Cache-Control"]
    assert client.get("/initiatives/?agency=FAO")["Content-Language"] == "en"


@override_settings(LANGUAGE_COOKIE_AGE=3600, LANGUAGE_COOKIE_SECURE=True, LANGUAGE_COOKIE_SAMESITE="Strict")
def test_the_cookie_is_the_one_djangos_set_language_would_set(client):
    ours = client.get("/language/", {"language": "en", "next": "/"}).cookies[settings.LANGUAGE_COOKIE_NAME]
    request = RequestFactory().post("/i18n/setlang/", {"language": "en", "next": "/"})
    django = set_language(request).cookies[settings.LANGUAGE_COOKIE_NAME]
    assert ours.value == django.value == "en"
    for attribute in ("max-age", "path", "domain", "secure", "httponly", "samesite"):
        assert ours[attribute] == django[attribute], attribute
    assert ours["max-age"] == 3600


def test_back_to_chinese_the_pages_speak_chinese_again(client, bundled):
    client.get("/language/", {"language": "en", "next": "/"})
    client.get("/language/", {"language": "zh-hans", "next": "/"})
    assert client.get("/")["Content-Language"] == "zh-hans"


def test_without_a_next_it_goes_to_the_home_page(client):
    response = client.get("/language/", {"language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    "next_url", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"]
)
def test_a_next_on_another_site_is_refused_and_sets_nothing(client, next_url):
    response = client.get("/language/", {"language": "en", "next": next_url})
    assert response.status_code == 400
    assert "Location" not in response
    assert not response.cookies
    assert "必须在本站内" in response.content.decode()  # the site speaks Chinese by default


@pytest.mark.parametrize("language", ["fr", "", "zh-hant"])
def test_an_unknown_language_is_refused_and_sets_nothing(client, language):
    response = client.get("/language/", {"language": language, "next": "/"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert not response.cookies
    assert response.content.decode() == "Unknown language: choose one of zh-hans, en."


def test_a_post_is_not_allowed(client):
    assert client.post("/language/", {"language": "en", "next": "/"}).status_code == 405


def test_every_page_switches_language_with_a_get_form_and_no_token(client, bundled):
    html = client.get("/countries/ETH/").content.decode()
    assert '<form class="language-switch" action="/language/" method="get">' in html
    assert '<input type="hidden" name="next" value="/countries/ETH/">' in html
    assert "csrfmiddlewaretoken" not in html
