"""Creates an editor's account: a staff user in the Editors group, who may upload reports and curate initiatives."""

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from .setup_editors import GROUP, editors_group_setup


def editor_create(*, username: str, password: str, email: str = ""):
    """The new user, staff (the curation pages are in the admin) and in the Editors group."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(username, email=email, password=password, is_staff=True)
        user.groups.add(editors_group_setup())
    return user


class Command(BaseCommand):
    help = (
        f"Create an editor's account: a staff user in the {GROUP} group, with a password typed at a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input instead of a prompt",
        )

    def handle(self, *args, username, email, password_stdin, **options):
        username = username.strip()
        User = get_user_model()
        if not username:
            raise CommandError("give a username")
        if User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
            raise CommandError(
                f"a user named {username} already exists; add it to the {GROUP} group in the admin instead"
            )
        password = self._password(from_stdin=password_stdin)
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError("password refused: " + " ".join(error.messages)) from None
        editor_create(username=username, password=password, email=email)
        self.stdout.write(f"{username} can now sign in at /accounts/login/ and upload reports at /upload/.")

    def _password(self, *, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("the two passwords differ")
        if not password:
            raise CommandError("the password is empty")
        return password
