"""Creates the Editors group, or brings its permissions back to what they should be; safe to run again."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db.models import Q

GROUP = "Editors"

# Editors correct initiatives, amounts and paragraph kinds and look up everything else; they
# delete nothing: an initiative is marked as not an initiative, and documents are left alone.
PERMISSIONS = {
    "initiative": ("view", "add", "change"),
    "amount": ("view", "add", "change"),
    "paragraph": ("view", "change"),
    "changerecord": ("view",),
    "agency": ("view",),
    "country": ("view",),
    "region": ("view",),
    "sdg": ("view",),
    "theme": ("view",),
    "document": ("view",),
}
# And they upload reports and follow their ingest runs.
INGEST_PERMISSIONS = ("add_ingestrun", "view_ingestrun")


def editors_group_setup() -> Group:
    # Permissions are created after migrations; creating them here too lets the command run
    # on a database that was migrated with signals off.
    create_permissions(apps.get_app_config("initiatives"), verbosity=0)
    create_permissions(apps.get_app_config("ingest"), verbosity=0)
    codenames = [f"{action}_{model}" for model, actions in PERMISSIONS.items() for action in actions]
    permissions = Permission.objects.filter(
        Q(content_type__app_label="initiatives", codename__in=codenames)
        | Q(content_type__app_label="ingest", codename__in=INGEST_PERMISSIONS)
    )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)
    return group


class Command(BaseCommand):
    help = "Create the Editors group with its permissions (add editors to it and make them staff)."

    def handle(self, *args, **options):
        group = editors_group_setup()
        self.stdout.write(f"{GROUP}: {group.permissions.count()} permissions.")
