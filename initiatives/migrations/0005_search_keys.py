"""The search index stores character pairs as match keys: re-index what an older version stored."""

from django.db import migrations


def reindex(apps, schema_editor):
    from initiatives.search import rebuild_index
    from initiatives.search.text import segment

    entry = apps.get_model("initiatives", "SearchEntry").objects.select_related("paragraph").first()
    if entry is not None and entry.chars != segment(entry.paragraph.text).chars:
        rebuild_index()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0004_curation")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
