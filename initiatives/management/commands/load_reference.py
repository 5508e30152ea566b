from django.core.management.base import BaseCommand

from initiatives.reference.loading import reference_load


class Command(BaseCommand):
    help = "Load or refresh the reference data (regions, countries, agencies, SDGs, themes, programmes) from data/reference."

    def handle(self, *args, **options):
        counts = reference_load()
        self.stdout.write(
            f"Reference data: {counts.regions} regions, {counts.countries} countries, "
            f"{counts.agencies} agencies, {counts.sdgs} SDGs, {counts.themes} themes, {counts.programmes} programmes."
        )
