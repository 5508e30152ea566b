"""API tokens stored as digests: the database never holds a key that works.

A token is 40 random hexadecimal characters, shown once, when it is issued; its row holds only
a BLAKE2b digest of it, so a backup or a read of the table yields nothing a client could send.
It rests on DRF's token model (one token per user): issuing a token replaces the user's previous
one. ``HashedTokenAuthentication`` reads ``Authorization: Token <key>`` and looks the key up by
its digest.
"""

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_digest(key: str) -> str:
    # 160 bits, the width of DRF's key column; the key itself is 160 random bits, so a fast
    # hash is enough: there is nothing to guess, only a stored value to make useless.
    return hashlib.blake2b(key.encode(), digest_size=20, person=b"sscatlas-token").hexdigest()


def token_issue(*, user: AbstractBaseUser) -> str:
    """Give the user a new token, replacing any previous one, and return its key: the only time it is seen."""
    key = secrets.token_hex(20)
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        Token.objects.create(user=user, key=token_digest(key))
    return key


class HashedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        return super().authenticate_credentials(token_digest(key))
