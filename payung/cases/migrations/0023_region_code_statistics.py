"""A finer histogram of the cases' scope column on PostgreSQL (docs/performance.md).

With the default statistics target (100 buckets), any region holding under 1% of the cases
is estimated at about one bucket: at the national million, Kota Pasuruan's 753 cases were
estimated at 9,214, and plans chosen for that many rows walked the whole country. 1,000
buckets bring the estimate to 1,230 (and the busiest kota's 19,193 to 19,529).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def _set_target(target: int) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"ALTER TABLE cases_case ALTER COLUMN region_code SET STATISTICS {int(target)}"
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0022_case_region_visible_idx")]

    operations = [migrations.RunPython(_set_target(1000), _set_target(-1), elidable=False)]
