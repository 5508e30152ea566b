"""A symbol in a language names one document.

A database that already holds two documents under one symbol and language cannot
take the constraint: the migration stops before it, naming them, so that an
administrator decides which one keeps the symbol (the bundled data holds none).
"""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models.functions import Upper


def refuse_shared_symbols(apps, schema_editor):
    Document = apps.get_model("initiatives", "Document")
    shared = (
        Document.objects.exclude(symbol="")
        .values(key=Upper("symbol"), lang=models.F("language"))
        .annotate(count=models.Count("id"))
        .filter(count__gt=1)
    )
    clashes = []
    for group in shared:
        ids = Document.objects.filter(symbol__iexact=group["key"], language=group["lang"]).values_list("id", flat=True)
        clashes.append(f"{group['key']} ({group['lang']}): documents {', '.join(map(str, sorted(ids)))}")
    if clashes:
        raise RuntimeError(
            "several documents share a symbol and language; change the symbol of all but one, or delete them, "
            "then migrate again: " + "; ".join(clashes)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0011_extraction_kinds_and_sources"),
    ]

    operations = [
        migrations.RunPython(refuse_shared_symbols, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Upper("symbol"),
                models.F("language"),
                condition=models.Q(("symbol", ""), _negated=True),
                name="document_unique_symbol_language",
            ),
        ),
    ]
