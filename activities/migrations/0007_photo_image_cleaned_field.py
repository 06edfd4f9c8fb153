# The column is unchanged (a varchar of the stored name): the form field and upload_to are Python only.

import activities.models
import uploads.images
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('activities', '0006_merge_figures_constraints_notifications'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='activityphoto',
                    name='image',
                    field=uploads.images.CleanedImageField(height_field='height', upload_to=activities.models.photo_upload_to, verbose_name='照片', width_field='width'),
                ),
            ],
        ),
    ]
