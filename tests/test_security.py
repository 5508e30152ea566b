"""Attacks on the running site: writes without permission, script in text, guessed passwords, stolen tokens.

The write walk finds its URLs in the URL resolver and the API schema rather than in a list, so a
page or endpoint added later is walked too: every URL gets POST, PUT, PATCH and DELETE from an
anonymous visitor and from a logged-in user without permissions (and every admin page of a model
from a staff user without permissions), and must answer 302, 401, 403 or 405 with every table's
row count unchanged.
"""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token

from ingest.models import IngestRun
from ingest.services import document_ingest
from initiatives.models import ChangeRecord, Initiative
from sscatlas.security import CONTENT_SECURITY_POLICY, DOCUMENTATION_POLICY
from sscatlas.tokens import token_issue
from tests.conftest import REPORT

pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
REFUSED = {302, 401, 403, 405}
# Logging in is the one write an anonymous visitor may attempt; it has tests of its own below.
LOGIN_URL_NAMES = {"admin-login", "login"}
# A logged-in user may revoke their own token without any permission: tested below.
OWN_ACCOUNT_URL_NAMES = {"api-token", "logout", "password_change", "password_change_done"}


# The walk


def _routes(patterns=None, prefix: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


ROUTES = {route: pattern for route, pattern in _routes()}
ADMIN_MODEL_ROUTE = re.compile(r"^admin/(?P<app>\w+)/(?P<model>\w+)/")
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>(?P<regex>[^)]*)\)")


def _model_for(route: str, pattern: URLPattern):
    """The model whose objects a route's parameters name, and the field they are looked up by."""
    view = getattr(pattern.callback, "cls", None)
    if view is not None and getattr(view, "queryset", None) is not None:
        return view.queryset.model, getattr(view, "lookup_field", "pk")
    admin_page = ADMIN_MODEL_ROUTE.match(route)
    if admin_page:
        try:
            return apps.get_model(admin_page["app"], admin_page["model"]), "pk"
        except LookupError:
            return None, "pk"
    # A public page is named by its model's plural: /initiatives/<pk>/, /runs/<pk>/ (ingest runs).
    segment = route.split("/")[0].strip("^")
    for model in apps.get_models():
        plural = str(model._meta.verbose_name_plural).lower()
        if plural == segment or plural.endswith(" " + segment):
            return model, "pk"
    return None, "pk"


def concrete_url(route: str, pattern: URLPattern) -> str:
    """The route with every parameter filled by an object that exists, so that no view can 404 first."""
    model, lookup = _model_for(route, pattern)
    instance = model._base_manager.order_by("pk").first() if model is not None else None

    def value(match: re.Match) -> str:
        name = match["name"] or match["group"]
        if match["regex"] and re.fullmatch(r"[\w|]+", match["regex"]):
            return match["regex"].split("|")[0]  # csv|jsonl, auth|initiatives|authtoken
        if name == "content_type_id":
            return str(ContentType.objects.get_for_model(Initiative).pk)
        if name == "url":
            return "nowhere/"
        if instance is not None:
            field = "pk" if name in ("pk", "id", "object_id") else lookup if lookup != "pk" else name
            return str(getattr(instance, field, instance.pk))
        return "1"

    url = "/" + PARAMETER.sub(value, route).replace("^", "").replace("$", "").replace("\\.", ".")
    assert resolve(url).func == pattern.callback, f"{url} does not resolve to the view of {route}"
    return url


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def write_attempts(client, url: str) -> dict[str, int]:
    from django.core.cache import cache

    statuses = {}
    for method in WRITE_METHODS:
        cache.clear()  # API throttles would answer 429 long before the walk ends
        if method == "post":
            upload = SimpleUploadedFile("report.txt", REPORT.read_bytes(), content_type="text/plain")
            data = {
                "file": upload,
                "title": "changed",
                "text": "changed",
                "symbol": "A/1/1",
                "action": "delete",
            }
            response = client.post(url, data)
        else:
            response = getattr(client, method)(url, {"title": "changed"}, content_type="application/json")
        statuses[method] = response.status_code
    return statuses


@pytest.fixture
def walk_data(bundled):
    """An object of every kind a URL can name: bundled data, plus an ingest run and a token."""
    editor = User.objects.create_user("editor")
    token_issue(user=editor)
    IngestRun.objects.create(data=b"1. text", name="run.txt", created_by=editor)
    ChangeRecord.objects.create(
        paragraph=Initiative.objects.first().paragraph, username="editor", field="title"
    )


@pytest.fixture
def reader(client):
    client.force_login(User.objects.create_user("reader"))
    return client


@pytest.fixture
def staff_without_permissions(client):
    client.force_login(User.objects.create_user("staff", is_staff=True))
    return client


def _walk_params(*, skip: set[str], admin_models_only: bool = False):
    for route, pattern in ROUTES.items():
        if pattern.name in skip or (admin_models_only and not ADMIN_MODEL_ROUTE.match(route)):
            continue
        yield pytest.param(route, id=route)


@pytest.mark.parametrize("route", list(_walk_params(skip=LOGIN_URL_NAMES)))
def test_an_anonymous_visitor_can_write_nothing_anywhere(client, walk_data, route):
    url = concrete_url(route, ROUTES[route])
    before = row_counts()

    statuses = write_attempts(client, url)

    assert set(statuses.values()) <= REFUSED, statuses
    assert row_counts() == before


@pytest.mark.parametrize("route", list(_walk_params(skip=LOGIN_URL_NAMES | OWN_ACCOUNT_URL_NAMES)))
def test_a_user_without_permissions_can_write_nothing_anywhere(reader, walk_data, route):
    url = concrete_url(route, ROUTES[route])
    before = row_counts()

    statuses = write_attempts(reader, url)

    assert set(statuses.values()) <= REFUSED, statuses
    assert row_counts() == before


@pytest.mark.parametrize("route", list(_walk_params(skip=set(), admin_models_only=True)))
def test_a_staff_user_without_permissions_can_change_nothing_in_the_admin(
    staff_without_permissions, walk_data, route
):
    url = concrete_url(route, ROUTES[route])
    before = row_counts()

    statuses = write_attempts(staff_without_permissions, url)

    assert set(statuses.values()) <= REFUSED, statuses
    assert row_counts() == before


PUBLIC_ROUTES = [
    route for route, pattern in ROUTES.items() if pattern.lookup_str.startswith("initiatives.pages.")
]


@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_a_public_page_answers_a_write_with_405_and_still_answers_get_and_head(client, walk_data, route):
    url = concrete_url(route, ROUTES[route])

    refused = client.post(url)

    assert refused.status_code == 405
    assert refused["Allow"] == "GET, HEAD"
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200


def test_the_walk_sees_a_write_when_the_user_has_the_permission(reader, walk_data):
    from django.contrib.auth.models import Permission

    user = User.objects.get(username="reader")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_ingestrun", "view_ingestrun"]))
    before = IngestRun.objects.count()

    statuses = write_attempts(reader, "/upload/")

    assert statuses["post"] == 302
    assert IngestRun.objects.count() == before + 1


def test_every_write_operation_of_the_api_schema_is_walked():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    walked = {pattern.callback for pattern in ROUTES.values()}
    writes = [
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in ("POST", "PUT", "PATCH", "DELETE")
    ]

    assert ("/api/v1/ingest-runs/", "post") in writes
    assert ("/api/v1/auth/token/", "delete") in writes
    for path, _ in writes:
        assert resolve(re.sub(r"\{\w+\}", "1", path)).func in walked, path


def test_the_walk_covers_uploads_curation_tokens_and_the_api():
    routes = set(ROUTES)

    assert "upload/" in routes
    assert "admin/initiatives/initiative/<path:object_id>/change/" in routes
    assert "admin/authtoken/tokenproxy/add/" in routes
    assert "api/v1/^ingest-runs/$" in routes
    assert "api/v1/auth/token/" in routes


# Text shown as text

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
HOSTILE_REPORT = f"""第七十六届会议

测试报告{SCRIPT}

1. 开发署与埃塞俄比亚合作{SCRIPT}，提供了 200 万美元{IMAGE}，用于农村太阳能发电项目。
"""


@pytest.fixture
def hostile(bundled):
    document = document_ingest(data=HOSTILE_REPORT.encode(), name="hostile.txt").document
    initiative = Initiative.objects.get(paragraph__document=document)
    initiative.title = f"太阳能{SCRIPT}{IMAGE}"
    initiative.save(update_fields=["title"])
    ChangeRecord.objects.create(
        paragraph=initiative.paragraph,
        initiative=initiative,
        username=f"editor{IMAGE}",
        field="title",
        before="太阳能",
        after=initiative.title,
        note=f"note {SCRIPT}",
    )
    return initiative


def _pages_showing(initiative: Initiative) -> list[str]:
    paragraph = initiative.paragraph
    return [
        "/initiatives/?q=太阳能",
        "/initiatives/?q=alert",
        f"/initiatives/{initiative.pk}/",
        f"/initiatives/{initiative.pk}/history/",
        f"/documents/{paragraph.document_id}/",
        "/documents/",
        "/agencies/UNDP/",
        "/countries/ETH/",
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        f"/admin/initiatives/paragraph/{paragraph.pk}/change/",
    ]


def test_script_and_event_attributes_in_text_are_shown_as_text_on_every_page(client, hostile):
    client.force_login(User.objects.create_superuser("admin", password=None))
    for url in _pages_showing(hostile):
        html = client.get(url).content.decode()

        assert SCRIPT not in html, url
        assert IMAGE not in html, url
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;img src=x onerror=alert(1)&gt;" in html
        ), url


def test_the_home_page_shows_no_hostile_markup(client, hostile):
    html = client.get("/").content.decode()

    assert SCRIPT not in html
    assert IMAGE not in html


def test_a_hostile_search_query_is_echoed_as_text(client, bundled):
    html = client.get("/initiatives/", {"q": f"南南{SCRIPT}{IMAGE}"}).content.decode()

    assert SCRIPT not in html
    assert IMAGE not in html
    assert "&lt;script&gt;" in html


# Content-Security-Policy


class _InlineCode(HTMLParser):
    """Collects what a strict policy blocks: inline scripts, style elements and attributes, handlers."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{tag} {name}=" for name in names if name == "style" or name.startswith("on")]
        if tag == "a" and any((value or "").lower().startswith("javascript:") for _, value in attrs):
            self.found.append("javascript: link")


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


PUBLIC_PAGES = [
    "/",
    "/initiatives/",
    "/initiatives/?q=太阳能",
    "/initiatives/{initiative}/",
    "/agencies/",
    "/agencies/UNDP/",
    "/countries/",
    "/countries/CHN/",
    "/regions/",
    "/sdgs/",
    "/sdgs/17/",
    "/themes/",
    "/documents/",
    "/about/",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_carries_the_strict_policy_and_needs_nothing_it_blocks(client, bundled, url):
    response = client.get(url.format(initiative=Initiative.objects.first().pk), follow=True)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert inline_code(response.content.decode()) == []


def test_the_document_reader_needs_nothing_the_policy_blocks(client, bundled):
    response = client.get(f"/documents/{bundled['A/76/403'].pk}/")

    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert inline_code(response.content.decode()) == []


def test_the_policy_lets_scripts_come_only_from_the_site_and_forbids_framing():
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))

    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_the_admin_login_page_carries_the_strict_policy_and_needs_nothing_it_blocks(client):
    response = client.get("/admin/login/")

    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert inline_code(response.content.decode()) == []


EDITOR_PAGES = [
    "/admin/",
    "/admin/initiatives/initiative/",
    "/admin/initiatives/initiative/{initiative}/split/",
    "/admin/initiatives/paragraph/{paragraph}/change/",
    "/admin/initiatives/changerecord/",
    "/admin/authtoken/tokenproxy/add/",
    "/upload/",
    "/runs/{run}/",
    "/initiatives/{initiative}/history/",
    "/a-page-that-does-not-exist/",
]


@pytest.mark.parametrize("url", EDITOR_PAGES)
def test_the_admin_and_upload_pages_carry_the_strict_policy_and_need_nothing_it_blocks(client, bundled, url):
    client.force_login(User.objects.create_superuser("admin", password=None))
    initiative = Initiative.objects.first()
    run = IngestRun.objects.create(data=b"1. text", name="run.txt")

    response = client.get(url.format(initiative=initiative.pk, paragraph=initiative.paragraph_id, run=run.pk))

    assert response.status_code in (200, 404)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert inline_code(response.content.decode()) == []


def test_the_curation_page_in_the_admin_needs_nothing_the_policy_blocks(client, bundled):
    client.force_login(User.objects.create_superuser("admin", password=None))

    response = client.get(f"/admin/initiatives/initiative/{Initiative.objects.first().pk}/change/")

    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_documentation_pages_get_their_own_policy_for_their_inline_viewers(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == DOCUMENTATION_POLICY


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/api/v1/docs/", {"swagger-ui-bundle.js", "swagger-ui.css"}),
        ("/api/v1/redoc/", {"redoc.standalone.js"}),
    ],
)
def test_the_api_documentation_loads_its_viewer_from_the_site_itself(client, url, expected):
    html = client.get(url).content.decode()
    assets = [a for a in re.findall(r'(?:src|href)="([^"]+)"', html) if not a.startswith("https://fonts.")]

    assert expected <= {a.rsplit("/", 1)[-1] for a in assets}
    for asset in assets:
        assert asset.startswith("/static/drf_spectacular_sidecar/"), asset
        assert client.get(asset).status_code == 200, asset


def test_api_json_needs_no_policy_but_is_never_sniffed_as_html(client, bundled):
    response = client.get("/api/v1/documents/")

    assert "Content-Security-Policy" not in response
    assert response["X-Content-Type-Options"] == "nosniff"


# Login rate limit


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def curator(fast_passwords):
    return User.objects.create_user("curator", password="right horse battery", is_staff=True)


def admin_login(client, password: str, *, address: str = "203.0.113.7", username: str = "curator"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_the_admin_login_refuses_a_username_after_five_failures_even_with_the_right_password(client, curator):
    for _ in range(5):
        assert admin_login(client, "wrong").status_code == 200

    response = admin_login(client, "right horse battery")

    assert response.status_code == 429
    assert "登录失败的次数过多" in response.content.decode()  # the site speaks Chinese by default
    assert "_auth_user_id" not in client.session


def test_the_admin_site_own_login_view_limits_failures_through_its_login_form(client, curator, rf):
    from django.contrib import admin
    from django.contrib.sessions.backends.db import SessionStore

    for _ in range(5):
        admin_login(client, "wrong")
    request = rf.post(
        "/admin/login/", {"username": "curator", "password": "right horse battery"}, REMOTE_ADDR="203.0.113.7"
    )
    request.session, request.user, request._dont_enforce_csrf_checks = SessionStore(), AnonymousUser(), True

    response = admin.site.login(request)

    assert response.context_data["form"].has_error("__all__", code="rate_limited")
    assert "_auth_user_id" not in request.session


def test_the_admin_login_limit_is_per_username_and_address(client, curator, fast_passwords):
    User.objects.create_user("other", password="other password", is_staff=True)
    for _ in range(5):
        admin_login(client, "wrong")

    assert admin_login(client, "other password", username="other").status_code == 302
    client.logout()
    assert admin_login(client, "right horse battery", address="198.51.100.2").status_code == 302


def test_a_successful_login_starts_the_count_again(client, curator):
    for _ in range(4):
        admin_login(client, "wrong")
    assert admin_login(client, "right horse battery").status_code == 302
    client.logout()

    for _ in range(4):
        admin_login(client, "wrong")

    assert admin_login(client, "right horse battery").status_code == 302


def test_the_block_ends_with_its_window(client, curator, settings):
    import time

    settings.LOGIN_FAILURE_WINDOW_SECONDS = 1
    for _ in range(5):
        admin_login(client, "wrong")
    assert admin_login(client, "right horse battery").status_code == 429

    time.sleep(1.1)

    assert admin_login(client, "right horse battery").status_code == 302


def test_the_limit_and_window_come_from_the_settings(client, curator, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    admin_login(client, "wrong")
    admin_login(client, "wrong")

    assert admin_login(client, "right horse battery").status_code == 429


# API tokens


def token_request(client, password: str, *, username: str = "curator"):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7"
    )


def test_the_token_endpoint_answers_429_after_five_failures_even_for_the_right_password(client, curator):
    for _ in range(5):
        assert token_request(client, "wrong").status_code == 401

    response = token_request(client, "right horse battery")

    assert response.status_code == 429
    assert "登录失败的次数过多" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert not Token.objects.exists()


def test_failures_on_the_admin_page_and_the_api_count_together(client, curator):
    for _ in range(3):
        admin_login(client, "wrong")
    for _ in range(2):
        token_request(client, "wrong")

    assert token_request(client, "right horse battery").status_code == 429
    assert admin_login(client, "right horse battery").status_code == 429
