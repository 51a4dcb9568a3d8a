"""The access log becomes one hash chain per shard (payung/audit/models.py), so that reads of
different records no longer queue on one lock.

Safe on a live, large table:

- the rows already written are not touched (the table is append-only and their hashes must
  keep verifying): the new ``shard`` column is added with the constant default 0 (PostgreSQL
  stores it in the catalogue, no rewrite), so they form shard 0, whose chain simply continues;
- uniqueness moves from ``seq`` to ``(shard, seq)``: the unique index is built CONCURRENTLY and
  attached as the constraint, then the old constraint is dropped;
- the "who opened this record" index is rebuilt on ``id`` (newest first across shards, where
  ``seq`` only counts within one), CONCURRENTLY, before the old one is dropped.

Deploy it with the web processes stopped or still on the old code for the few seconds between
the two constraints: old code appending to the single chain after the column exists writes
shard 0, which is still correct.
"""

from django.db import migrations, models

from payung.core.migration_ops import AddIndexConcurrentlyOnPostgres

UNIQUE = "accesslog_shard_seq_uniq"


def add_unique(apps, schema_editor):
    model = apps.get_model("audit", "AccessLog")
    constraint = models.UniqueConstraint(fields=("shard", "seq"), name=UNIQUE)
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.add_constraint(model, constraint)
        return
    schema_editor.execute(
        f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {UNIQUE} ON audit_accesslog (shard, seq)"
    )
    schema_editor.execute(
        f"ALTER TABLE audit_accesslog ADD CONSTRAINT {UNIQUE} UNIQUE USING INDEX {UNIQUE}"
    )


def drop_unique(apps, schema_editor):
    model = apps.get_model("audit", "AccessLog")
    schema_editor.remove_constraint(
        model, models.UniqueConstraint(fields=("shard", "seq"), name=UNIQUE)
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0003_accesslog_target_seq_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="accesslog",
            name="shard",
            field=models.SmallIntegerField(default=0, editable=False, verbose_name="rantai"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(
                    model_name="accesslog",
                    constraint=models.UniqueConstraint(fields=("shard", "seq"), name=UNIQUE),
                ),
            ],
            database_operations=[migrations.RunPython(add_unique, drop_unique)],
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="seq",
            field=models.BigIntegerField(editable=False),
        ),
        AddIndexConcurrentlyOnPostgres(
            model_name="accesslog",
            index=models.Index(
                fields=["target_type", "target_id", "-id"],
                include=("actor",),
                name="accesslog_target_id_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="accesslog", name="accesslog_target_seq_idx"),
        migrations.AlterModelOptions(
            name="accesslog",
            options={
                "ordering": ["-id"],
                "verbose_name": "log akses",
                "verbose_name_plural": "log akses",
            },
        ),
    ]
