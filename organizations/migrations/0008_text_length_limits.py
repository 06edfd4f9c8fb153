# A text column's length is checked by forms, not stored in the schema: Python state only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0007_logo_cleaned_random_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalsocialorganization',
                    name='business_scope',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='业务范围'),
                ),
                migrations.AlterField(
                    model_name='historicalsocialorganization',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='简介'),
                ),
                migrations.AlterField(
                    model_name='socialorganization',
                    name='business_scope',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='业务范围'),
                ),
                migrations.AlterField(
                    model_name='socialorganization',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='简介'),
                ),
            ],
        ),
    ]
