"""The API's token endpoint: exchange a username and password for a token, and revoke your own token.

``POST /api/v1/auth/token/`` with ``username`` and ``password`` issues a new token and returns it:
the only time it is shown, since the database keeps only its digest (``sscatlas.tokens``). It
replaces the caller's previous token, which stops working. Failed attempts count towards the same per-username-and-address limit as the admin
login page, and once it is reached the answer is 429 until the window ends. ``DELETE`` on the same
URL, authenticated by the token itself or a session, deletes the caller's token: every client
using it is refused from then on, and a new ``POST`` issues a fresh one. A token carries exactly
the permissions of its user.
"""

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from sscatlas.security import (
    client_address,
    login_attempt_allowed,
    login_blocked_message,
    login_failures_clear,
)
from sscatlas.tokens import token_issue


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>`. Shown this once: only its digest is stored, "
        "and it replaces the user's previous token."
    )
    username = serializers.CharField()


class LoginRateLimited(exceptions.Throttled):
    default_detail = "Too many failed login attempts."


class TokenView(APIView):
    """Obtain (POST) or revoke (DELETE) the caller's API token."""

    def get_permissions(self):
        if self.request.method == "POST":
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    @extend_schema(
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            401: OpenApiResponse(description="Missing or wrong username or password."),
            429: OpenApiResponse(description="Too many failed attempts for this username and address."),
        },
        auth=[],
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        if not credentials.is_valid():
            raise exceptions.AuthenticationFailed("Give a username and a password.")
        username = credentials.validated_data["username"]
        address = client_address(request)
        if not login_attempt_allowed(username=username, address=address):
            raise LoginRateLimited(wait=settings.LOGIN_FAILURE_WINDOW_SECONDS, detail=login_blocked_message())
        user = authenticate(
            request._request, username=username, password=credentials.validated_data["password"]
        )
        if user is None:
            raise exceptions.AuthenticationFailed("The username or password is wrong.")
        login_failures_clear(username=username, address=address)
        return Response({"token": token_issue(user=user), "username": user.get_username()})

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description="The token was deleted."),
            404: OpenApiResponse(description="The caller has no token."),
        },
    )
    def delete(self, request):
        deleted, _ = Token.objects.filter(user=request.user).delete()
        if not deleted:
            return Response({"detail": "You have no API token."}, status=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)
