"""Creates the Editors group, or brings its permissions back to what they should be; safe to run again."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db.models import Q

GROUP = "Editors"

# Editors correct initiatives, amounts and paragraph kinds and look up everything else; they
# delete nothing: an initiative is marked as not an initiative, and documents are left alone.
# They upload reports and follow the runs of every upload (/upload/, /runs/<id>/, the API).
PERMISSIONS = {
    "initiatives.initiative": ("view", "add", "change"),
    "initiatives.amount": ("view", "add", "change"),
    "initiatives.paragraph": ("view", "change"),
    "initiatives.changerecord": ("view",),
    "initiatives.agency": ("view",),
    "initiatives.country": ("view",),
    "initiatives.region": ("view",),
    "initiatives.sdg": ("view",),
    "initiatives.theme": ("view",),
    "initiatives.document": ("view",),
    "ingest.ingestrun": ("view", "add"),
}


def editors_group_setup() -> Group:
    # Permissions are created after migrations; creating them here too lets the command run
    # on a database that was migrated with signals off.
    for app_label in {label.split(".")[0] for label in PERMISSIONS}:
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    wanted = Q(pk__in=[])
    for label, actions in PERMISSIONS.items():
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    permissions = Permission.objects.filter(wanted)
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)
    return group


class Command(BaseCommand):
    help = "Create the Editors group with its permissions (add editors to it and make them staff)."

    def handle(self, *args, **options):
        group = editors_group_setup()
        self.stdout.write(f"{GROUP}: {group.permissions.count()} permissions.")
