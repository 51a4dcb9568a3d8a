"""Extension points of a case: how apps above ``cases`` add to a case without ``cases``
importing them.

``cases`` sits below ``care`` (and later Perkasa's bridge and the privacy workflows) in the
layers that import-linter enforces (docs/architecture.md). What those apps add to a case —
a section of the case page, entries in its timeline, rows of the closure checklist, the
services (and their providers) in the victim's handling document, work that follows when the
plan is agreed or the case closes — they declare by subclassing
:class:`CaseExtension` and registering an instance from their ``AppConfig.ready()`` — care does it in
``CareConfig.ready()`` with ``extensions.register(CareExtension())``, the class living in
``payung/care/extension.py``.

Every method has a do-nothing default, so an extension overrides only what it adds. The
registry is a plain list filled once at start-up: no signals, no import-time side effects,
and ``extensions.registered()`` shows exactly who plugs in. Hooks that run inside a service
(``closure_requested``, ``plan_agreed``, ``case_closed``, ``case_reopened``) run in that
service's transaction: an exception rolls the whole action back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from payung.accounts.models import User
    from payung.cases.models import Case, CaseParty, ClosureRequest, Consent
    from payung.cases.selectors import CaseRecord, TimelineEntry
    from payung.core.actors import SystemActor


@dataclass(frozen=True)
class DeliveredService:
    """One service a victim received, as their handling document lists it."""

    delivered_on: date
    #: The service's code (the values plan items use), to tell which planned items it covers.
    service: str
    #: What was given, as the victim reads it.
    label: str
    #: Who gave it: the partner organisation's name, or the centre's own unit.
    provider: str


class CaseExtension:
    """What an app adds to a case. Subclass and override; the defaults add nothing."""

    #: Name of the page data in the case page's template context (e.g. ``"care"``).
    key: str = ""
    #: Template included on the case page; it sees the page data under ``key``.
    page_template: str = ""

    # --- the case page ---------------------------------------------------------------
    def page_data(
        self, user: User, case: Case, *, record: CaseRecord, parties: Mapping[int, CaseParty]
    ) -> Any:
        """What this extension shows on the case page (loaded once per page)."""
        return None

    def timeline_entries(self, case: Case, data: Any = None) -> Iterable[TimelineEntry]:
        """Entries for the case's history; ``data`` is ``page_data``'s result when the
        case page already loaded it (so nothing is queried twice), else ``None``."""
        return ()

    # --- closure -----------------------------------------------------------------------
    def closure_checklist(self, case: Case, data: Any = None) -> list[Any]:
        """Rows the closure request must account for (each with ``delivered``, ``label``
        and ``field_name``); from ``data`` when the case page loaded it."""
        return []

    def closure_checklists(self, requests: Iterable[ClosureRequest]) -> dict[int, list[Any]]:
        """The checklist of many closure requests at once (the approval queue), by id."""
        return {}

    def closure_requested(
        self, *, actor: User, request: ClosureRequest, reasons: Mapping[int, str]
    ) -> None:
        """A closure was requested (inside the request's transaction)."""

    def case_closed(self, *, actor: User, case: Case, reason: str) -> None:
        """The case was closed (inside the closing transaction)."""

    def case_reopened(self, *, actor: User, case: Case, restore: bool = False) -> None:
        """The case was reopened (inside the reopening transaction)."""

    # --- the plan ------------------------------------------------------------------------
    def plan_agreed(self, *, actor: User | SystemActor, case: Case) -> None:
        """The plan is agreed, or a service was added to an agreed plan."""

    # --- consent ---------------------------------------------------------------------------
    def consent_withdrawn(self, *, actor: User, case: Case, consent: Consent) -> None:
        """A consent was withdrawn (inside the withdrawing transaction): stop what rested
        on it (UU 27/2022 PDP Pasal 40)."""

    def case_anonymised(self, *, actor: User | SystemActor, case: Case) -> dict[str, int]:
        """The retention schedule anonymises ``case`` (inside its transaction): blank what
        this app holds about it; return row counts by kind for the destruction record."""
        return {}

    # --- the victim's handling document ----------------------------------------------------
    def handling_document_services(self, case: Case, victim: CaseParty) -> list[DeliveredService]:
        """Services ``victim`` of ``case`` received, each with the provider that gave it."""
        return []


_registry: list[CaseExtension] = []


def register(extension: CaseExtension) -> None:
    """Add an extension once (a second registration of the same class is ignored, so a
    repeated ``ready()`` in tests does not double the hooks)."""
    if any(type(existing) is type(extension) for existing in _registry):
        return
    _registry.append(extension)


def registered() -> tuple[CaseExtension, ...]:
    return tuple(_registry)


# --- helpers the case's own code calls -------------------------------------------------------


def page_sections(
    user: User, case: Case, *, record: CaseRecord, parties: Mapping[int, CaseParty]
) -> dict[str, Any]:
    """Each extension's page data by its ``key``."""
    return {
        ext.key: ext.page_data(user, case, record=record, parties=parties)
        for ext in _registry
        if ext.key
    }


def timeline_entries(case: Case, loaded: Mapping[str, Any] | None = None) -> list[TimelineEntry]:
    loaded = loaded or {}
    entries: list[TimelineEntry] = []
    for ext in _registry:
        entries.extend(ext.timeline_entries(case, loaded.get(ext.key)))
    return entries


def closure_checklist(case: Case, loaded: Mapping[str, Any] | None = None) -> list[Any]:
    loaded = loaded or {}
    rows: list[Any] = []
    for ext in _registry:
        rows.extend(ext.closure_checklist(case, loaded.get(ext.key)))
    return rows


def undelivered(case: Case, loaded: Mapping[str, Any] | None = None) -> list[Any]:
    """The checklist rows not yet delivered: what a closure request must explain."""
    return [row for row in closure_checklist(case, loaded) if not row.delivered]


def closure_checklists(requests: Iterable[ClosureRequest]) -> dict[int, list[Any]]:
    requests = list(requests)
    merged: dict[int, list[Any]] = {}
    for ext in _registry:
        for pk, rows in ext.closure_checklists(requests).items():
            merged.setdefault(pk, []).extend(rows)
    return merged


def closure_requested(*, actor: User, request: ClosureRequest, reasons: Mapping[int, str]) -> None:
    for ext in _registry:
        ext.closure_requested(actor=actor, request=request, reasons=reasons)


def case_closed(*, actor: User, case: Case, reason: str) -> None:
    for ext in _registry:
        ext.case_closed(actor=actor, case=case, reason=reason)


def case_reopened(*, actor: User, case: Case, restore: bool = False) -> None:
    for ext in _registry:
        ext.case_reopened(actor=actor, case=case, restore=restore)


def plan_agreed(*, actor: User | SystemActor, case: Case) -> None:
    for ext in _registry:
        ext.plan_agreed(actor=actor, case=case)


def consent_withdrawn(*, actor: User, case: Case, consent: Consent) -> None:
    for ext in _registry:
        ext.consent_withdrawn(actor=actor, case=case, consent=consent)


def handling_document_services(case: Case, victim: CaseParty) -> list[DeliveredService]:
    rows: list[DeliveredService] = []
    for ext in _registry:
        rows.extend(ext.handling_document_services(case, victim))
    return rows
