"""Reads of reports and cases that need thought: scope, ordering, eager loading, duplicates.

Modules: ``reports`` (lists, queue, history, duplicates, help for the resident),
``case_lists`` (filters, search, the case list), ``one_case`` (sections, the record, the
timeline), ``queues`` (deadlines, breaches, closure approvals, people search), ``people`` (people
already recorded, by NIK).
"""

from __future__ import annotations

from payung.cases.selectors.case_lists import (  # noqa: F401
    _LIST_DEFERRED,
    _SEPARATORS,
    CaseFilters,
    CaseListQuerySet,
    _day_start,
    _open_overdue,
    _person_ids,
    case_list,
    hides_old_closed,
    kelurahan_options,
    search_kind,
    search_q,
)
from payung.cases.selectors.counts import (  # noqa: F401, E402
    online_report_count,
    report_daily_counts,
)
from payung.cases.selectors.empowerment import (  # noqa: F401
    EmpowermentPanel,
    empowerment_panel,
)
from payung.cases.selectors.one_case import (  # noqa: F401
    OPTIONAL_SECTIONS,
    CaseRecord,
    TimelineEntry,
    _sections_sql,
    _who,
    case_record,
    case_sections,
    case_timeline,
    with_parties,
)
from payung.cases.selectors.people import NIK_MATCH_LIMIT, NikMatch, nik_matches  # noqa: F401
from payung.cases.selectors.queues import (  # noqa: F401
    case_deadline_rules,
    case_worker_choices,
    closure_queue,
    covering_staff,
    deadline_breaches,
    economic_empowerment_needs,
    get_closure_request_for,
    my_deadlines,
    person_match_ids,
    restrict_choices,
)
from payung.cases.selectors.reports import (  # noqa: F401
    _KELURAHAN_DEFERRED,
    CLOSE_DATE_DAYS,
    DUPLICATE_CANDIDATE_LIMIT,
    DUPLICATE_WINDOW_DAYS,
    NAME_SIMILARITY,
    PERSON_UNUSED_FOR_NAMING,
    REGION_UNUSED,
    USER_UNUSED,
    DuplicateSuggestion,
    EmergencyContacts,
    _ancestor_codes,
    _slim_deferred,
    attachable_cases,
    case_owner_choices,
    deadline_rules,
    duplicate_suggestions,
    emergency_contacts,
    fallback_responders,
    get_attachment,
    names_similar,
    on_duty_responders,
    report_attachments,
    report_history,
    report_list,
    slim,
    triage_queue,
)
