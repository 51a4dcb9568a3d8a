"""Pagination that never counts more rows than a person can page through.

``Paginator.count`` is ``SELECT COUNT(*)`` over the whole filtered list. At national scale
that is the slowest query of a list page: a province supervisor's case list counts some
300,000 cases (≈0.5 s) to print one number, and the DPO's audit list counts 20 million
events. Nobody reads past a few pages; what a person needs is "how many, roughly" and "is
there more". So the count stops at ``cap``: ``SELECT COUNT(*) FROM (SELECT id … LIMIT
cap + 1)`` reads at most ``cap + 1`` index entries whatever the table size, and beyond the
cap the page shows "more than 1,000" and moves page by page (``has_next`` comes from fetching
one row more than the page shows). docs/performance.md has the figures.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache, cached_property
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Q, QuerySet
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination
from pydantic import create_model

COUNT_CAP = 1_000
API_COUNT_CAP = 10_000
# Deepest page a capped list serves (OFFSET grows with it): 10,000 pages of 50.
MAX_PAGES = 10_000
# The API's deepest ``offset``: as deep as the staff pages go. Beyond it the answer is 422,
# not a database error (a 64-bit offset overflows SQLite's and PostgreSQL's integers).
API_MAX_OFFSET = MAX_PAGES * 50
API_DEFAULT_MAX_LIMIT = 200


def capped_count(queryset: QuerySet[Any], cap: int) -> int:
    """The number of rows, or ``cap + 1`` when there are more than ``cap``."""
    return queryset.order_by().values("pk")[: cap + 1].count()


class CappedPage(Page):
    def __init__(self, object_list: Any, number: int, paginator: Any, *, more: bool) -> None:
        super().__init__(object_list, number, paginator)
        self._more = more

    def has_next(self) -> bool:
        return self._more


class CappedPaginator(Paginator):
    """A ``Paginator`` whose count stops at ``cap`` (``capped`` tells when it did)."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int = COUNT_CAP, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        return capped_count(self.object_list, self.cap)  # type: ignore[arg-type]

    @cached_property
    def count(self) -> int:  # type: ignore[override]
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def num_pages(self) -> int:  # type: ignore[override]
        if self.capped:
            return MAX_PAGES  # unknown: pages go on until one comes back short
        return super().num_pages

    def validate_number(self, number: Any) -> int:
        if not self.capped:
            return super().validate_number(number)
        try:
            value = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if value < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return min(value, MAX_PAGES)

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        return CappedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def encode_cursor(at: datetime, pk: int) -> str:
    """A row's place in a newest-first list: microseconds since 1970 and the id (URL-safe)."""
    return f"{(at - _EPOCH) // timedelta(microseconds=1)}.{pk}"


def decode_cursor(text: str | None) -> tuple[datetime, int] | None:
    """``encode_cursor``'s text back, or None for anything else (a hand-edited URL)."""
    micros, dot, pk = (text or "").partition(".")
    try:
        value = (_EPOCH + timedelta(microseconds=int(micros)), int(pk)) if dot else None
    except (ValueError, OverflowError):
        return None
    return value


class KeysetPage(CappedPage):
    def __init__(self, *args: Any, earlier: bool | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._earlier = earlier

    def has_previous(self) -> bool:
        return super().has_previous() if self._earlier is None else self._earlier


class KeysetPaginator(CappedPaginator):
    """A capped paginator for a list ordered newest first by ``(field, pk)`` that moves to the
    next or previous page by **keyset**: the page after a row is ``(field, pk) < that row's``,
    read from an index in order, so page 300 costs what page 2 does (``OFFSET`` reads and
    discards every row before the page). Page numbers stay: the links carry ``page`` for the
    person and ``after``/``before`` (a cursor, ``encode_cursor``) for the query; a page asked
    for by number alone (a typed or bookmarked URL) is read with ``OFFSET`` as before.

    ``page.next_cursor`` / ``page.previous_cursor`` are set on every page. A queryset that
    must apply the keyset to more than its own filter (``cases.selectors.CaseListQuerySet``)
    offers ``keyset(q)``.
    """

    def __init__(
        self, object_list: Any, per_page: int, *, field: str = "created_at", **kwargs: Any
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.field = field

    def _narrow(self, q: Q) -> Any:
        qs = self.object_list
        return qs.keyset(q) if hasattr(qs, "keyset") else qs.filter(q)  # type: ignore[union-attr,attr-defined]

    def get_page_at(self, number: Any, *, after: str = "", before: str = "") -> Page:
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = 1 if self.capped else self.num_pages
        f = self.field
        page: Page
        if (key := decode_cursor(after)) is not None and number > 1:
            at, pk = key
            newer = Q(**{f"{f}__lte": at}) & (Q(**{f"{f}__lt": at}) | Q(pk__lt=pk))
            rows = list(self._narrow(newer)[: self.per_page + 1])
            page = KeysetPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
        elif (key := decode_cursor(before)) is not None and number >= 1:
            at, pk = key
            older = Q(**{f"{f}__gte": at}) & (Q(**{f"{f}__gt": at}) | Q(pk__gt=pk))
            rows = list(self._narrow(older).order_by(f, "pk")[: self.per_page + 1])
            page = KeysetPage(
                rows[: self.per_page][::-1],
                number,
                self,
                more=True,  # the page the person came from
                earlier=len(rows) > self.per_page,
            )
        else:
            page = self.page(number)
        rows = list(page.object_list)
        page.next_cursor = encode_cursor(getattr(rows[-1], f), rows[-1].pk) if rows else ""  # type: ignore[attr-defined]
        page.previous_cursor = encode_cursor(getattr(rows[0], f), rows[0].pk) if rows else ""  # type: ignore[attr-defined]
        return page


@cache
def limit_offset_input(max_limit: int) -> type[Schema]:
    """The query parameters of a list whose pages hold at most ``max_limit`` items (one
    class per maximum, named apart: the OpenAPI document names components by class)."""
    return create_model(
        f"LimitOffset{max_limit}Input",
        __base__=Schema,
        limit=(int, Field(min(ninja_settings.PAGINATION_PER_PAGE, max_limit), ge=1, le=max_limit)),
        offset=(int, Field(0, ge=0, le=API_MAX_OFFSET)),
    )


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """``limit``/``offset`` with both bounds in the schema: ``limit`` 1..``max_limit`` and
    ``offset`` 0..API_MAX_OFFSET. Anything else is refused with 422 before a query runs
    (ninja's own class leaves them unbounded and silently lowers ``limit``)."""

    def __init__(self, max_limit: int = API_DEFAULT_MAX_LIMIT, **kwargs: Any) -> None:
        super().__init__(max_limit=max_limit, **kwargs)
        self.Input = limit_offset_input(max_limit)  # type: ignore[assignment]


class CappedLimitOffsetPagination(BoundedLimitOffsetPagination):
    """``limit``/``offset`` with ``count`` exact up to API_COUNT_CAP; above it ``count`` is
    the cap and ``count_capped`` is true (page on with ``offset`` until ``items`` is short)."""

    class Output(Schema):
        items: list[Any]
        count: int
        count_capped: bool = False

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: Any, **params: Any
    ) -> Any:
        offset = pagination.offset
        limit: int = min(pagination.limit, self.max_limit)
        counted = capped_count(queryset, API_COUNT_CAP)
        return {
            self.items_attribute: queryset[offset : offset + limit],
            "count": min(counted, API_COUNT_CAP),
            "count_capped": counted > API_COUNT_CAP,
        }
