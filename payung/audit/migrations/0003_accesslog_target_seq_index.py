"""The latest views of one record, in index order (docs/performance.md): replaces the
(target_type, target_id) index, which it serves as a prefix."""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0002_append_only_triggers"),
    ]

    operations = [
        AddIndexConcurrentlyOnPostgres(
            model_name="accesslog",
            index=models.Index(
                fields=["target_type", "target_id", "-seq"],
                include=["actor"],
                name="accesslog_target_seq_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="accesslog", name="audit_acces_target__b8669e_idx"),
    ]
