"""Re-segment every stored paragraph and rewrite the search index."""

from django.core.management.base import BaseCommand

from initiatives.search import rebuild_index
from initiatives.search.backends import backend


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the stored paragraphs."

    def handle(self, *args, **options):
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} paragraphs ({backend().name}).")
