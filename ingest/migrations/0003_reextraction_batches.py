import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def cursors_end(apps, schema_editor):
    # A stopped re-extraction of the former kind kept only a position, which batches do not
    # read: it is ended, and the next ``ingest --reextract`` starts a new one over everything.
    apps.get_model("ingest", "Reextraction").objects.filter(finished_at=None).update(finished_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0002_reextraction_cursor"),
    ]

    operations = [
        migrations.RunPython(cursors_end, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reextraction", name="last_document"),
        migrations.RemoveField(model_name="reextraction", name="last_order"),
        migrations.RemoveField(model_name="reextraction", name="paragraphs_done"),
        migrations.AddField(
            model_name="reextraction", name="paragraphs_total", field=models.PositiveIntegerField(default=0)
        ),
        migrations.CreateModel(
            name='ReextractionBatch',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_paragraph', models.PositiveBigIntegerField()),
                ('last_paragraph', models.PositiveBigIntegerField()),
                ('paragraphs', models.PositiveIntegerField()),
                ('initiatives', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=16)),
                ('claimed_at', models.DateTimeField(blank=True, null=True)),
                ('attempts', models.PositiveSmallIntegerField(default=0)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('error', models.TextField(blank=True)),
                ('reextraction', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='batches', to='ingest.reextraction')),
            ],
            options={
                'ordering': ['first_paragraph'],
                'indexes': [models.Index(fields=['reextraction', 'status'], name='reextraction_batch_status_idx')],
                'constraints': [models.UniqueConstraint(fields=('reextraction', 'first_paragraph'), name='reextraction_batch_unique')],
            },
        ),
    ]
