# The column is unchanged (a varchar of the stored name): the form field and upload_to are Python only.

import uploads.images
import organizations.models
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0006_stored_name_ngrams'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='socialorganization',
                    name='logo',
                    field=uploads.images.CleanedImageField(blank=True, upload_to=organizations.models.logo_upload_to, verbose_name='标志'),
                ),
            ],
        ),
    ]
