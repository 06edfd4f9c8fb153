# A text column's length is checked by forms, not stored in the schema: Python state only.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0007_photo_image_cleaned_field'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='activity',
                    name='description',
                    field=models.TextField(max_length=5000, verbose_name='活动内容'),
                ),
                migrations.AlterField(
                    model_name='activity',
                    name='review_reason',
                    field=models.TextField(blank=True, max_length=2000, verbose_name='退回理由（不公开）'),
                ),
                migrations.AlterField(
                    model_name='historicalactivity',
                    name='description',
                    field=models.TextField(max_length=5000, verbose_name='活动内容'),
                ),
                migrations.AlterField(
                    model_name='historicalactivity',
                    name='review_reason',
                    field=models.TextField(blank=True, max_length=2000, verbose_name='退回理由（不公开）'),
                ),
                migrations.AlterField(
                    model_name='historicalpairing',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='共建内容'),
                ),
                migrations.AlterField(
                    model_name='pairing',
                    name='description',
                    field=models.TextField(blank=True, max_length=5000, verbose_name='共建内容'),
                ),
            ],
        ),
    ]
