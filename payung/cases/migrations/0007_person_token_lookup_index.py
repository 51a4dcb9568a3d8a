"""Name search by token at national scale: one (token, person) index serves the lookup
index-only and replaces the single-column token index (docs/performance.md)."""

from django.db import migrations, models
from django.db.migrations.operations import AddIndex


class AddIndexConcurrentlyOnPostgres(AddIndex):
    """AddIndex, CONCURRENTLY on PostgreSQL (the migration runs outside a transaction)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, self.index, concurrently=True)
        else:
            schema_editor.remove_index(model, self.index)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0006_case_list_indexes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="personnametoken",
            index=models.Index(fields=["token", "person"], name="person_token_lookup_idx"),
        ),
        migrations.AlterField(
            model_name="personnametoken",
            name="token",
            field=models.CharField(max_length=32),
        ),
    ]
