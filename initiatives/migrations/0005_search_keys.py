"""The search index stores character pairs as match keys: re-index what an older version stored."""

from django.db import migrations


def reindex(apps, schema_editor):
    if apps.get_model("initiatives", "SearchEntry").objects.exists():
        from initiatives.search import rebuild_index

        rebuild_index()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0004_curation")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
