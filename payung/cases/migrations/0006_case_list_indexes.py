"""Indexes for case lists at national scale (docs/performance.md): newest first by index,
and the running number. Built CONCURRENTLY on PostgreSQL so a live table is not locked."""

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
        ("cases", "0005_unify_service_codes"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(fields=["-created_at", "-id"], name="case_created_idx"),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="case",
            index=models.Index(fields=["sequence"], name="case_sequence_idx"),
        ),
    ]
