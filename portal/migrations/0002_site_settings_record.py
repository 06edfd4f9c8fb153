from django.db import migrations


def create_record(apps, schema_editor):
    """The one site-settings record, naming the bureau as sponsor; staff fill in the filings."""
    SiteSettings = apps.get_model("portal", "SiteSettings")
    SiteSettings.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"sponsor": "广州市社会组织管理局"}
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_site_settings_and_announcements")]

    operations = [migrations.RunPython(create_record, migrations.RunPython.noop)]
