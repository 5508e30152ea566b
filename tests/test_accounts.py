"""The site's sign-in page, the 403 page of the editors' pages, and the command that creates an editor."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

PASSWORD = "right horse battery"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def create_editor(username: str = "editor", password: str = PASSWORD) -> str:
    out = io.StringIO()
    stdin = io.StringIO(f"{password}\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", stdin)
        call_command("createeditor", username, "--password-stdin", stdout=out)
    return out.getvalue()


def sign_in(client, password: str, *, username: str = "editor", address: str = "203.0.113.7"):
    return client.post(
        "/accounts/login/?next=/upload/",
        {"username": username, "password": password, "next": "/upload/"},
        REMOTE_ADDR=address,
    )


def test_an_anonymous_visitor_of_the_upload_page_is_sent_to_the_sites_sign_in_page(client):
    response = client.get("/upload/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/upload/"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Sign in", "needs no account", "for editors", "upload reports", "manage.py createeditor"]),
        ("zh-hans", ["登录", "无需账户", "仅供编辑使用", "上传报告", "manage.py createeditor"]),
    ],
)
def test_the_sign_in_page_says_who_may_upload_and_how_to_get_an_account(client, language, words):
    response = client.get("/accounts/login/?next=/upload/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Django" not in html
    for word in words:
        assert word in html
    assert 'name="next" value="/upload/"' in html


def test_an_editor_created_by_the_command_signs_in_and_reaches_the_upload_page(client):
    assert "editor can now sign in" in create_editor()

    response = sign_in(client, PASSWORD)

    assert response.status_code == 302 and response["Location"] == "/upload/"
    assert client.get("/upload/").status_code == 200


def test_the_command_makes_a_staff_user_of_the_editors_group_who_may_upload(client):
    create_editor()
    user = User.objects.get(username="editor")

    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Editors"]
    assert user.has_perms(["ingest.add_ingestrun", "ingest.view_ingestrun", "initiatives.change_initiative"])


def test_the_command_refuses_an_existing_username_and_an_empty_password():
    create_editor()
    with pytest.raises(CommandError, match="already exists"):
        create_editor("Editor")
    with pytest.raises(CommandError, match="empty"):
        create_editor("another", password="")
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Only editors may upload reports", "reader is not an editor", "Ask an administrator"]),
        ("zh-hans", ["只有编辑可以上传报告", "reader 不是编辑账户", "请联系本站管理员"]),
    ],
)
def test_a_signed_in_user_who_is_not_an_editor_is_told_why_the_upload_page_is_refused(
    client, language, words
):
    client.force_login(User.objects.create_user("reader", password=PASSWORD))

    response = client.get("/upload/", HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()

    assert response.status_code == 403
    for word in words:
        assert word in html
    assert 'href="/accounts/login/?next=/upload/"' in html


def test_the_sign_in_page_refuses_a_username_after_five_failures_even_with_the_right_password(client):
    create_editor()
    for _ in range(5):
        assert sign_in(client, "wrong").status_code == 200

    response = sign_in(client, PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "登录失败的次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_at_the_admin_login_count_against_the_sign_in_page_too(client):
    create_editor()
    for _ in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")

    assert sign_in(client, PASSWORD).status_code == 429
    assert sign_in(client, PASSWORD, address="198.51.100.2").status_code == 302


def test_signing_out_ends_the_session(client):
    create_editor()
    sign_in(client, PASSWORD)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/upload/").status_code == 302


def test_setting_up_editors_gives_the_group_the_upload_permissions():
    call_command("setup_editors", stdout=io.StringIO())
    codenames = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))

    assert {"add_ingestrun", "view_ingestrun"} <= codenames


def test_the_command_asks_for_the_password_twice_and_refuses_two_different_ones(monkeypatch):
    answers = iter(["first password", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match="differ"):
        call_command("createeditor", "editor", stdout=io.StringIO())
    assert not User.objects.exists()


def test_the_sign_in_and_refusal_pages_carry_the_strict_policy_and_need_nothing_it_blocks(client):
    from sscatlas.security import CONTENT_SECURITY_POLICY
    from tests.test_security import inline_code

    sign_in_page = client.get("/accounts/login/")
    client.force_login(User.objects.create_user("reader"))
    refusal = client.get("/upload/")

    for response in (sign_in_page, refusal):
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert inline_code(response.content.decode()) == []
