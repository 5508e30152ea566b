from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery

# The shifts of ``initiatives.models.position_of``, as numbers: a migration keeps its own copy.
DOCUMENT_FACTOR = 2**40
PARAGRAPH_FACTOR = 2**16


def positions_fill(apps, schema_editor):
    Initiative = apps.get_model("initiatives", "Initiative")
    Paragraph = apps.get_model("initiatives", "Paragraph")
    start = Paragraph.objects.filter(pk=OuterRef("paragraph_id")).values(
        start=F("document_id") * DOCUMENT_FACTOR + F("order") * PARAGRAPH_FACTOR
    )
    Initiative.objects.update(position=Subquery(start) + F("order"))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0008_link_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="position",
            field=models.BigIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(positions_fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="initiative",
            name="position",
            field=models.BigIntegerField(editable=False),
        ),
        migrations.AlterModelOptions(
            name="initiative",
            options={"ordering": ["position"]},
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("is_active", True)), fields=["position"], name="initiative_position_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                fields=["id", "is_active", "covid", "climate", "position"], name="initiative_filters_idx"
            ),
        ),
    ]
