# PendingImport now belongs to the spreadsheets app (spreadsheets/migrations/0001_initial):
# remove it from this app's state only; the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("gzpartybuild", "0001_pending_import"),
        ("spreadsheets", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PendingImport")],
            database_operations=[],
        ),
    ]
