"""The admin's login limit, and its page for API tokens, issuing a token the way the API does: stored as a digest, shown once."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext as _
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from sscatlas.security import RateLimitedAdminAuthenticationForm
from sscatlas.tokens import token_digest, token_issue

# The admin's login page refuses a username that has used up its failed attempts.
admin.site.login_form = RateLimitedAdminAuthenticationForm

# DRF's page lists and saves the key as it is stored; here the stored value is only a digest.
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class HashedTokenAdmin(TokenAdmin):
    list_display = ("user", "created")

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            return
        key = token_issue(user=obj.user)
        obj.key = token_digest(key)  # what the admin logs and names the new row by
        messages.warning(
            request,
            format_html(
                _(
                    "The API token of {user} is {key}. Copy it now: it is not stored and will not be shown again."
                ),
                user=obj.user.get_username(),
                key=key,
            ),
        )
