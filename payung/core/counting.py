"""Counting rows of several tables in one query (the staff home's "what needs doing")."""

from __future__ import annotations

from typing import Any

from django.db.models import IntegerField, QuerySet, Subquery


class SubqueryCount(Subquery):
    """``(SELECT count(*) FROM (<queryset>))`` as an expression: several of them annotate one
    row, so a home's counts over different tables cost one round trip. The queryset may
    refer to the outer row with ``OuterRef``."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet[Any], **extra: Any) -> None:
        super().__init__(queryset.order_by().values("pk"), **extra)
