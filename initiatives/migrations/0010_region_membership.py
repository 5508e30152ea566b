from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0009_initiative_position"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="membership",
            field=models.CharField(
                choices=[
                    ("whole_countries", "Whole countries: a member's initiatives count"),
                    (
                        "partial_or_programme",
                        "Part of some countries or a programme's reach: only mentions and countries wholly inside count",
                    ),
                ],
                default="whole_countries",
                max_length=24,
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="partly_inside",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
