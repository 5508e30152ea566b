from django.core.management.base import BaseCommand

from initiatives.exports import csv_lines, jsonl_lines
from initiatives.querysets import initiatives_with_details, paragraphs_with_details


class Command(BaseCommand):
    help = "Write every paragraph or initiative to standard output as JSON Lines or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--what", choices=["paragraphs", "initiatives"], default="initiatives")
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")

    def handle(self, *args, what, format, **options):
        queryset = paragraphs_with_details() if what == "paragraphs" else initiatives_with_details()
        lines = csv_lines if format == "csv" else jsonl_lines
        # Records only: an export cut short ends with a non-zero exit status, not a short file.
        for line in lines(what, queryset, end_line=False):
            self.stdout.write(line, ending="")
