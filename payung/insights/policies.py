"""Who may see which numbers (docs/insights.md#who-sees-what).

- The dashboard, map, tables and their CSV/xlsx: every role holding ``stats.read`` (analyst
  / leadership, supervisor = head of the centre, case manager, outreach, Perkasa, DPO), for
  their own region scope: a kota, or a whole province for a province user. Aggregates only.
- Drill-down from a bar to the case list: roles that may also read case records
  (``case.content``); the case list itself keeps its own scope (a case manager sees the
  cases they work on). The analyst gets no links.
- The SIMFONI-PPA export and its completeness check: the supervisor (``case.assign``), who
  sees every case of the region; the completeness list links a case only for a user who may
  open it.
- Public statistics: anyone, the city only, with small cells suppressed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from payung.accounts.roles import Cap
from payung.core.actors import is_system, require_actor


def _user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def may_view_stats(user: Any) -> bool:
    return _user(user) and user.can(Cap.STATS) and user.region_id is not None


def may_drill_to_cases(user: Any) -> bool:
    return may_view_stats(user) and user.can(Cap.CASE_CONTENT)


def may_export_simfoni(user: Any) -> bool:
    return may_view_stats(user) and user.can(Cap.CASE_ASSIGN) and user.can(Cap.CASE_CONTENT)


def may_export_case_list(user: Any) -> bool:
    return _user(user) and user.can(Cap.CASE_CONTENT) and user.can(Cap.STATS)


def scope_code(user: Any) -> str:
    """The region code prefix whose numbers ``user`` may see."""
    return str(user.scope_code)


def authorize_stats(actor: Any) -> None:
    require_actor(actor)
    if not is_system(actor) and not may_view_stats(actor):
        raise PermissionDenied


def authorize_simfoni(actor: Any) -> None:
    require_actor(actor)
    if not is_system(actor) and not may_export_simfoni(actor):
        raise PermissionDenied


def authorize_refresh(actor: Any) -> None:
    """Rebuilding the fact table changes no record, but it is heavy: system actors (the
    scheduled command, load_demo, the refresh job) and the supervisor may ask for it."""
    require_actor(actor)
    if not is_system(actor) and not may_export_simfoni(actor):
        raise PermissionDenied
