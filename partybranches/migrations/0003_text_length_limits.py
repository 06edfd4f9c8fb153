# A text column's length is checked by forms, not stored in the schema: Python state only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partybranches', '0002_milestone_date_precision'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalmilestone',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='说明'),
                ),
                migrations.AlterField(
                    model_name='milestone',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='说明'),
                ),
            ],
        ),
    ]
