# A text column's length is checked by forms, not stored in the schema: Python state only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('towns', '0002_townphoto_image_cleaned_field'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='characteristictown',
                    name='story',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='小镇故事'),
                ),
                migrations.AlterField(
                    model_name='historicalcharacteristictown',
                    name='story',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='小镇故事'),
                ),
                migrations.AlterField(
                    model_name='historicaltownhighlight',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='说明'),
                ),
                migrations.AlterField(
                    model_name='townhighlight',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='说明'),
                ),
            ],
        ),
    ]
