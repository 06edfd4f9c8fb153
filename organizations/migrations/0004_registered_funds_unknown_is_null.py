"""Registered funds the records don't know are empty (未登记), not 0.

On SQLite, altering a column rebuilds the table with every index of the model state,
including the PostgreSQL-only GIN search indexes (migrations 0002 and 0003 never create
them there): the rebuild leaves those out.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models


def _without_gin_indexes(state, app_label, model_name):
    state = state.clone()
    options = state.models[app_label, model_name].options
    options["indexes"] = [index for index in options.get("indexes", []) if not isinstance(index, GinIndex)]
    state.reload_model(app_label, model_name, delay=True)
    return state


class AlterFieldKeepingSearchIndexesOnPostgres(migrations.AlterField):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            from_state = _without_gin_indexes(from_state, app_label, self.model_name_lower)
            to_state = _without_gin_indexes(to_state, app_label, self.model_name_lower)
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            from_state = _without_gin_indexes(from_state, app_label, self.model_name_lower)
            to_state = _without_gin_indexes(to_state, app_label, self.model_name_lower)
        super().database_backwards(app_label, schema_editor, from_state, to_state)


FUNDS = models.DecimalField(
    blank=True,
    decimal_places=2,
    help_text="社会团体为注册资金，民办非企业单位为开办资金，基金会为原始基金；未登记的留空。",
    max_digits=16,
    null=True,
    verbose_name="注册资金（元）",
)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_short_search_ngram_indexes"),
    ]

    operations = [
        migrations.AlterField(model_name="historicalsocialorganization", name="registered_funds", field=FUNDS),
        AlterFieldKeepingSearchIndexesOnPostgres(model_name="socialorganization", name="registered_funds", field=FUNDS),
    ]
