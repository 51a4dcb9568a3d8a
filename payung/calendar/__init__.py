"""Public holidays and working days (docs/domain.md#working-days)."""
