"""Replaces DRF's command of the same name, which would store a plain key that no longer authenticates."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sscatlas.tokens import token_issue


class Command(BaseCommand):
    help = "Issue a new API token for a user, replacing the previous one, and print it (it is not stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        # Kept so that scripts written for DRF's command still run: every token issued is new.
        parser.add_argument(
            "-r", "--reset", action="store_true", help="Accepted; a new token is always issued."
        )

    def handle(self, *args, username, **options):
        users = get_user_model()._default_manager
        try:
            user = users.get_by_natural_key(username)
        except users.model.DoesNotExist:
            raise CommandError(f"No user is named {username!r}.") from None
        self.stdout.write(f"Generated token {token_issue(user=user)} for user {username}")
