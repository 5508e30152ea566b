"""Indexes that hold both ends of each initiative's entity links, target first.

A filter by agency or country reads the initiative ids linked to it; with both columns in one
index PostgreSQL reads them from the index alone instead of visiting every link row.
"""

from django.db import migrations

LINKS = [("agencies", "agency"), ("countries", "country"), ("regions", "region"), ("sdgs", "sdg"), ("themes", "theme")]


def _operation(relation: str, target: str) -> migrations.RunSQL:
    table, index = f"initiatives_initiative_{relation}", f"initiative_{relation}_by_{target}"
    return migrations.RunSQL(
        f"CREATE INDEX {index} ON {table} ({target}_id, initiative_id)", f"DROP INDEX {index}"
    )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_search_statistics")]

    operations = [_operation(relation, target) for relation, target in LINKS]
