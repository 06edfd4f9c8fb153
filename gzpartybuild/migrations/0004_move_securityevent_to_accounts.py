# SecurityEvent now belongs to the accounts app (accounts/migrations/0001_initial):
# remove it from this app's state only; the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("gzpartybuild", "0003_security_event"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SecurityEvent")],
            database_operations=[],
        ),
    ]
