"""The audit events become one hash chain per shard, as the access log did in 0004, so that
changes to different objects (two residents' reports, two officers' cases) no longer queue on
one lock for the whole country (issue #16).

Safe on a live, large table, as 0004:

- the rows already written are not touched: the new ``shard`` column is added with the
  constant default 0, kept in the database (no rewrite), so they form shard 0, whose chain
  simply continues — and so does an insert by code from before sharding;
- uniqueness moves from ``seq`` to ``(shard, seq)``: the unique index is built CONCURRENTLY and
  attached as the constraint, then the old constraint is dropped.

Old code still running during the deploy appends to the single chain, which is shard 0: still
correct, as long as it is stopped before new code writes to shard 0 too (it takes the old
one-key lock, the new code the two-key lock of shard 0) — deploy with the web processes
stopped, as docs/deployment.md says for every migration.
"""

from django.db import migrations, models

UNIQUE = "auditevent_shard_seq_uniq"


def add_unique(apps, schema_editor):
    model = apps.get_model("audit", "AuditEvent")
    constraint = models.UniqueConstraint(fields=("shard", "seq"), name=UNIQUE)
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.add_constraint(model, constraint)
        return
    schema_editor.execute(
        f"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS {UNIQUE} ON audit_auditevent (shard, seq)"
    )
    schema_editor.execute(
        f"ALTER TABLE audit_auditevent ADD CONSTRAINT {UNIQUE} UNIQUE USING INDEX {UNIQUE}"
    )


def drop_unique(apps, schema_editor):
    model = apps.get_model("audit", "AuditEvent")
    schema_editor.remove_constraint(
        model, models.UniqueConstraint(fields=("shard", "seq"), name=UNIQUE)
    )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("audit", "0004_access_log_shards"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="shard",
            field=models.SmallIntegerField(
                db_default=0, default=0, editable=False, verbose_name="rantai"
            ),
        ),
        # The access log's column keeps its default in the database too (0004 set it for the
        # existing rows only, as Django does): an insert that names no shard lands in shard 0.
        migrations.AlterField(
            model_name="accesslog",
            name="shard",
            field=models.SmallIntegerField(
                db_default=0, default=0, editable=False, verbose_name="rantai"
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(
                    model_name="auditevent",
                    constraint=models.UniqueConstraint(fields=("shard", "seq"), name=UNIQUE),
                ),
            ],
            database_operations=[migrations.RunPython(add_unique, drop_unique)],
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False),
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ["-id"],
                "verbose_name": "peristiwa audit",
                "verbose_name_plural": "peristiwa audit",
            },
        ),
    ]
