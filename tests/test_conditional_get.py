"""Conditional GET on the bundled reports: data-only answers carry validators from the data's
revision and answer 304 to a client that holds them, until the data, the language or the reader changes."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from ingest.services import document_ingest
from initiatives import curation
from initiatives.models import Initiative, Theme

pytestmark = pytest.mark.django_db

HOME = "/"
API_LIST = "/api/v1/initiatives/?agency=UNOSSC&covid=true"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-Hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.fixture
def editor(bundled):
    call_command("setup_editors", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.create_user("mei", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize(
    "url", [HOME, "/initiatives/?q=疫苗", "/countries/ETH/", API_LIST, "/api/v1/facets/"]
)
def test_a_second_request_with_the_etag_gets_304_with_an_empty_body(client, bundled, url):
    first = client.get(url, **ZH)
    assert first.status_code == 200
    assert first["ETag"].startswith('"r')
    assert "Last-Modified" in first
    assert {"accept-language", "cookie"} <= _vary(first)

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **ZH)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert {"accept-language", "cookie"} <= _vary(again)


def test_a_304_costs_one_query_and_no_rendering(client, bundled, django_assert_num_queries):
    etag = client.get(HOME, **ZH)["ETag"]
    with django_assert_num_queries(1):
        assert client.get(HOME, HTTP_IF_NONE_MATCH=etag, **ZH).status_code == 304


def test_if_modified_since_the_last_write_gets_304(client, bundled):
    first = client.get(API_LIST, **ZH)
    again = client.get(API_LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], **ZH)
    assert again.status_code == 304


def test_a_curation_makes_the_old_etag_answer_200_with_the_new_data(client, editor):
    old = client.get(HOME, **ZH)["ETag"]
    initiative = Initiative.objects.filter(is_active=True).order_by("pk").first()
    curation.initiative_update(initiative=initiative, user=editor, changes={"title": "新的标题"})

    after = client.get(HOME, HTTP_IF_NONE_MATCH=old, **ZH)
    assert after.status_code == 200
    assert after["ETag"] != old


def test_ingesting_a_document_makes_the_old_etag_answer_200(client, bundled, tmp_path):
    old = client.get(API_LIST, **ZH)["ETag"]
    report = tmp_path / "small.txt"
    report.write_text(
        "南南合作\n\n1. 联合国开发计划署与埃塞俄比亚合作，提供了 200 万美元。\n", encoding="utf-8"
    )
    document_ingest(path=report)

    after = client.get(API_LIST, HTTP_IF_NONE_MATCH=old, **ZH)
    assert after.status_code == 200
    assert after["ETag"] != old


def test_each_language_has_its_own_etag(client, bundled):
    chinese = client.get(HOME, **ZH)
    english = client.get(HOME, HTTP_IF_NONE_MATCH=chinese["ETag"], **EN)
    assert english.status_code == 200
    assert english["ETag"] != chinese["ETag"]
    assert english["Content-Language"] == "en"


def test_an_anonymous_etag_never_hides_the_signed_in_page(client, editor):
    anonymous = client.get(HOME, **ZH)["ETag"]
    client.force_login(editor)
    signed_in = client.get(HOME, HTTP_IF_NONE_MATCH=anonymous, **ZH)
    assert signed_in.status_code == 200
    assert "mei" in signed_in.content.decode()
    assert client.get(HOME, HTTP_IF_NONE_MATCH=signed_in["ETag"], **ZH).status_code == 304


def test_pages_keep_their_content_security_policy_and_json_gets_none(client, bundled):
    page = client.get(HOME, **ZH)
    assert page["Content-Security-Policy"].startswith("default-src 'self'")
    assert page["X-Frame-Options"] == "DENY"
    api = client.get(API_LIST, **ZH)
    assert "Content-Security-Policy" not in api
    assert "accept" in _vary(api)


def test_the_browsable_api_and_json_have_different_etags(client, bundled):
    as_json = client.get(API_LIST, HTTP_ACCEPT="application/json", **ZH)
    as_html = client.get(API_LIST, HTTP_ACCEPT="text/html", HTTP_IF_NONE_MATCH=as_json["ETag"], **ZH)
    assert as_html.status_code == 200
    assert as_html["ETag"] != as_json["ETag"]


def test_pages_that_change_without_a_revision_carry_no_etag(client, editor):
    client.force_login(editor)
    assert "ETag" not in client.get("/upload/", **ZH)


def test_reloading_the_reference_data_makes_the_old_etag_answer_200(client, bundled):
    old = client.get("/countries/ETH/", **ZH)["ETag"]
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.get("/countries/ETH/", HTTP_IF_NONE_MATCH=old, **ZH).status_code == 200


def test_an_entity_deleted_in_the_admin_makes_the_old_etag_answer_200(client, admin_client, bundled):
    theme = Theme.objects.order_by("pk").first()
    old = client.get("/themes/", **ZH)["ETag"]
    deleted = admin_client.post(f"/admin/initiatives/theme/{theme.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    after = client.get("/themes/", HTTP_IF_NONE_MATCH=old, **ZH)
    assert after.status_code == 200
    assert theme.name_zh not in after.content.decode()
