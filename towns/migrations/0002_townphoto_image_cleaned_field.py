# The column is unchanged (a varchar of the stored name): the form field and upload_to are Python only.

import uploads.images
import towns.models
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('towns', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='townphoto',
                    name='image',
                    field=uploads.images.CleanedImageField(upload_to=towns.models.town_photo_upload_to, verbose_name='照片'),
                ),
            ],
        ),
    ]
