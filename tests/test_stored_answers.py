"""Kept answers on the bundled reports: an anonymous reader's page or API answer is kept under its
ETag and given whole to the next anonymous reader, until a write; nothing that belongs to one
reader, streams or sets a cookie is ever kept."""

import pytest
from django.contrib import messages
from django.contrib.auth.models import Group, User
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from initiatives import curation
from initiatives.models import Initiative
from initiatives.revisions import revision_bump
from sscatlas import stored_answers
from sscatlas.stored_answers import MAX_BYTES, answer_keep, answer_kept, local_answers_forget
from sscatlas.tokens import token_issue

pytestmark = pytest.mark.django_db

LIST = "/initiatives/?agency=FAO"
API_LIST = "/api/v1/initiatives/?agency=UNOSSC&covid=true"
DOWNLOAD = "/api/v1/initiatives/download.csv?agency=FAO"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-Hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _queries(client, url, **headers) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.fixture
def editor(bundled):
    call_command("setup_editors", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.create_user("mei", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return User.objects.get(pk=user.pk)


def test_a_public_page_sets_no_cookie_and_two_readers_get_the_same_etag(bundled):
    first, second = Client().get(LIST, **ZH), Client().get(LIST, **ZH)
    assert not first.cookies
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert first["ETag"] == second["ETag"]


@pytest.mark.parametrize("url", [LIST, API_LIST])
def test_the_second_anonymous_request_is_answered_from_the_kept_answer(
    client, bundled, url, django_assert_num_queries
):
    first = client.get(url, **ZH)
    with django_assert_num_queries(1):  # the revision, for the ETag
        second = client.get(url, **ZH)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == first["Content-Language"]
    assert second.get("Content-Security-Policy") == first.get("Content-Security-Policy")


def test_another_reader_gets_the_answer_the_first_reader_left(bundled):
    first = Client().get(LIST, **ZH)
    second, queries = _queries(Client(), LIST, **ZH)
    assert queries == 1
    assert second.content == first.content


def test_a_second_request_with_the_etag_still_gets_304(client, bundled):
    etag = client.get(LIST, **ZH)["ETag"]
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag, **ZH).status_code == 304


def test_a_curation_makes_the_next_request_render_afresh_with_the_new_data(client, editor):
    initiative = Initiative.objects.filter(is_active=True).order_by("pk").first()
    page = f"/initiatives/{initiative.pk}/"
    client.get(page, **ZH)
    assert _queries(client, page, **ZH)[1] == 1

    curation.initiative_update(initiative=initiative, user=editor, changes={"title": "新的标题"})

    after, queries = _queries(client, page, **ZH)
    assert queries > 1
    assert "新的标题" in after.content.decode()


def test_a_revision_makes_every_kept_answer_unreachable(client, bundled):
    client.get(LIST, **ZH)
    client.get(API_LIST, **ZH)
    revision_bump()
    assert _queries(client, LIST, **ZH)[1] > 1
    assert _queries(client, API_LIST, **ZH)[1] > 1


def test_english_and_chinese_readers_get_their_own_answers(client, bundled):
    chinese = client.get(LIST, **ZH)
    english = client.get(LIST, **EN)
    assert english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()

    kept_chinese, queries = _queries(client, LIST, **ZH)
    assert queries == 1
    assert kept_chinese.content == chinese.content
    assert kept_chinese["Content-Language"] == "zh-hans"
    kept_english, queries = _queries(client, LIST, **EN)
    assert queries == 1
    assert kept_english.content == english.content


def test_a_signed_in_page_is_never_kept_nor_answered_from_the_kept_answers(client, editor):
    anonymous = Client().get(LIST, **ZH)
    client.force_login(editor)

    signed_in, queries = _queries(client, LIST, **ZH)
    assert queries > 1
    assert "mei" in signed_in.content.decode()
    assert signed_in.content != anonymous.content
    assert _queries(client, LIST, **ZH)[1] > 1
    assert "mei" not in Client().get(LIST, **ZH).content.decode()


def test_an_api_token_reader_is_never_answered_from_the_kept_answers(bundled):
    Client().get(API_LIST, **ZH)
    key = token_issue(user=User.objects.create_user("analyst"))
    reader = Client(HTTP_AUTHORIZATION=f"Token {key}")

    assert _queries(reader, API_LIST, **ZH)[1] > 2  # the token, the revision, then the view's own
    assert _queries(reader, API_LIST, **ZH)[1] > 2


def test_a_download_streams_every_time_and_is_never_kept(client, bundled):
    first = client.get(DOWNLOAD, **ZH)
    assert first.streaming
    first_body = b"".join(first.streaming_content)

    second, queries = _queries(client, DOWNLOAD, **ZH)
    assert second.streaming
    assert b"".join(second.streaming_content) == first_body
    assert queries > 1


def test_an_answer_that_sets_a_cookie_is_not_kept(bundled):
    # The browsable API embeds a CSRF token, so a cookieless reader is given a CSRF cookie.
    first = Client().get(API_LIST, HTTP_ACCEPT="text/html", **ZH)
    assert "csrftoken" in first.cookies

    second, queries = _queries(Client(), API_LIST, HTTP_ACCEPT="text/html", **ZH)
    assert queries > 1
    assert "csrftoken" in second.cookies
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def _request_with_session_and_messages():
    request = RequestFactory().get(LIST)
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return request


def _session_written(request, response):
    request.session["seen"] = True


def _message_added(request, response):
    messages.info(request, "kept for the next page")


def _messages_read(request, response):
    list(messages.get_messages(request))


def _private(request, response):
    response["Cache-Control"] = "private"


def _no_store(request, response):
    response["Cache-Control"] = "no-store, max-age=0"


def _cookie_set(request, response):
    response.set_cookie("seen", "1")


def _csrf_token_embedded(request, response):
    get_token(request)


def _too_large(request, response):
    response.content = b"x" * (MAX_BYTES + 1)


def _not_found(request, response):
    response.status_code = 404


@pytest.mark.parametrize(
    "make_private",
    [
        _session_written,
        _message_added,
        _messages_read,
        _private,
        _no_store,
        _cookie_set,
        _csrf_token_embedded,
        _too_large,
        _not_found,
    ],
)
def test_an_answer_that_belongs_to_one_reader_or_is_not_a_plain_200_is_not_kept(make_private):
    request, response = _request_with_session_and_messages(), HttpResponse(b"<p>a page</p>")
    make_private(request, response)
    answer_keep(request, "answer:test", response)
    assert cache.get("answer:test") is None


def test_a_plain_answer_is_kept_with_its_headers_but_not_its_validators():
    request, response = _request_with_session_and_messages(), HttpResponse(b"<p>a page</p>")
    response["X-Row-Count"] = "3"
    response["ETag"] = '"r1-abc"'
    answer_keep(request, "answer:test", response)
    kept = answer_kept(request, "answer:test", view_func=lambda request: None)
    assert kept.content == b"<p>a page</p>"
    assert kept["X-Row-Count"] == "3"
    assert kept["Content-Type"] == response["Content-Type"]
    assert "ETag" not in kept


@pytest.fixture
def shared_cache(settings, bundled):
    """The cache table ``make serve`` gives its processes: shared, so each process also keeps copies."""
    from sscatlas.settings import cache_from_url

    settings.CACHES = {"default": cache_from_url("dbcache://test_answers_cache")}
    call_command("createcachetable")  # inside the test's transaction: gone with it
    cache.clear()
    local_answers_forget()
    yield cache
    local_answers_forget()


def test_with_a_shared_cache_a_process_answers_again_from_its_own_copy(shared_cache):
    first = Client().get(LIST, **ZH)
    shared_cache.clear()  # the shared copy gone: only this process's copy is left

    second, queries = _queries(Client(), LIST, **ZH)

    assert queries == 1 and second.content == first.content


def test_a_new_process_reads_the_answer_another_process_kept_in_the_shared_cache(shared_cache):
    first = Client().get(LIST, **ZH)
    local_answers_forget()

    second, queries = _queries(Client(), LIST, **ZH)

    # The revision, and the shared cache's row of the answer.
    assert queries == 2 and second.content == first.content


def test_a_process_keeps_copies_up_to_its_bound_and_drops_the_oldest(shared_cache, monkeypatch):
    pages = [LIST, "/initiatives/?agency=UNDP", "/initiatives/?agency=WFP"]
    sizes = [len(Client().get(url, **ZH).content) for url in pages[:1]]
    local_answers_forget()
    monkeypatch.setattr(stored_answers, "LOCAL_BYTES", sizes[0] * 2)
    for url in pages:
        Client().get(url, **ZH)
    shared_cache.clear()

    _, oldest = _queries(Client(), pages[0], **ZH)
    _, newest = _queries(Client(), pages[2], **ZH)

    assert newest == 1 and oldest > 1


def test_a_cache_of_one_process_keeps_no_second_copy(client, bundled):
    client.get(LIST, **ZH)

    assert not stored_answers._local
