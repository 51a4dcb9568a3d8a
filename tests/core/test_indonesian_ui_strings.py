"""The Indonesian UI has no English in it.

The msgids of payung/locale/en/LC_MESSAGES/django.po are the Indonesian source strings every
page shows. Now and then an English gloss slips in ("Kunjungan rumah (home visit)"): a reader
of the Indonesian page gets a word they may not know, and the English page says it twice.
This test looks for common English words that are not Indonesian words nor loanwords in use,
in each msgid, with the placeholders, tags, addresses and code identifiers taken out first.

The word list is deliberately of words Indonesian never uses; loanwords and names the UI
does use (e-mail, WhatsApp, PDF, NIK ...) are simply not in it. A msgid that must name a code
identifier (an audit action, an API field) goes in ``ALLOWED`` with the reason.
"""

from __future__ import annotations

import re

import pytest

from tests.core.test_translations import Entry, catalogue_dir, live_entries

# Common English words that are not Indonesian words (nor loanwords the UI uses). Words that
# are also Indonesian ("data", "status", "total", "map", "no" of "No. KK", "file" of "profil")
# are left out on purpose.
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "for",
        "with",
        "from",
        "your",
        "you",
        "please",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "will",
        "would",
        "should",
        "could",
        "can't",
        "don't",
        "not",
        "yes",
        "home",
        "visit",
        "visits",
        "case",
        "cases",
        "manager",
        "managers",
        "referral",
        "referrals",
        "report",
        "reports",
        "shelter",
        "shelters",
        "task",
        "tasks",
        "follow-up",
        "followup",
        "service",
        "services",
        "provider",
        "providers",
        "victim",
        "victims",
        "perpetrator",
        "perpetrators",
        "survivor",
        "survivors",
        "guardian",
        "witness",
        "reporter",
        "save",
        "cancel",
        "delete",
        "edit",
        "submit",
        "back",
        "next",
        "previous",
        "search",
        "filter",
        "settings",
        "dashboard",
        "inbox",
        "queue",
        "deadline",
        "deadlines",
        "overdue",
        "due",
        "schedule",
        "scheduled",
        "today",
        "tomorrow",
        "yesterday",
        "safe",
        "house",
        "hotline",
        "help",
        "support",
        "team",
        "staff",
        "officer",
        "officers",
        "worker",
        "workers",
        "assessment",
        "note",
        "notes",
        "document",
        "documents",
        "upload",
        "download",
        "consent",
        "approve",
        "approved",
        "reject",
        "rejected",
        "pending",
        "accepted",
        "declined",
        "done",
        "open",
        "closed",
        "close",
        "closure",
        "intake",
        "triage",
        "outreach",
        "counselling",
        "counseling",
        "legal",
        "medical",
        "police",
        "court",
        "hearing",
        "letter",
        "request",
        "requests",
        "week",
        "month",
        "year",
        "years",
        "day",
        "days",
        "hour",
        "hours",
        "minute",
        "minutes",
        "name",
        "phone",
        "address",
        "number",
        "date",
        "time",
        "child",
        "children",
        "woman",
        "women",
        "family",
        "stay",
        "stays",
        "bed",
        "beds",
        "room",
        "rooms",
        "capacity",
    ]
)

# A msgid that names a code identifier on purpose: msgid → why.
ALLOWED: dict[str, str] = {
    "Misalnya case.open, atau case untuk semua tindakan kasus.": (
        "audit action codes are typed into the filter as they are stored"
    ),
}

_STRIP = [
    re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrxX]"),  # %(name)s, %(hours)d
    re.compile(r"%[sdifr]"),
    re.compile(r"\{[^}]*\}"),  # {name}
    re.compile(r"<[^>]+>"),  # HTML tags
    re.compile(r"&\w+;"),  # entities
    re.compile(r"\bhttps?://\S+"),
    re.compile(r"\b[\w-]+@[\w.-]+"),  # addresses
    re.compile(r"\b\w+(?:[._/]\w+)+\b"),  # code identifiers: case.open, api/v1, snake_case
]
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]")


def english_words(text: str) -> set[str]:
    """The English words of ``ENGLISH_WORDS`` in ``text`` (lower case)."""
    for pattern in _STRIP:
        text = pattern.sub(" ", text)
    return {w.lower() for w in _WORD.findall(text)} & ENGLISH_WORDS


def _only_api(entry: Entry) -> bool:
    """Messages of the REST API name its fields ("Kirim berkas (file)"): not the UI."""
    paths = [ref.rsplit(":", 1)[0] for ref in entry.references]
    return bool(paths) and all(re.search(r"(^|/)api(_\w+)?(/|\.py$)", p) for p in paths)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return live_entries(catalogue_dir() / "django.po")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Kunjungan rumah (home visit)", {"home", "visit"}),
        ("Rumah aman (shelter)", {"shelter"}),
        ("Tekan tombol Kembali (Back) di peramban", {"back"}),
        ("Lihat case manager", {"case", "manager"}),
        ("Tindak lanjut (follow-up) kasus", {"follow-up"}),
        ("Buka tautan ini dalam %(hours)d jam", set()),
        ("Nomor kasus, nama, NIK / No. KK, atau nomor telepon.", set()),
        ("Data %(name)s disimpan; status diubah.", set()),
        ("Kirim lewat e-mail, WhatsApp atau SIMFONI-PPA; unduh PDF.", set()),
        ('Lihat <a href="/kasus/">daftar</a> di https://payung.example/help', set()),
        ("Misalnya report.create", set()),
    ],
)
def test_the_heuristic_finds_english_words_and_spares_indonesian(
    text: str, found: set[str]
) -> None:
    assert english_words(text) == found


def test_the_indonesian_msgids_have_no_english_words(entries: list[Entry]) -> None:
    offenders = [
        f"{e.where()}: {sorted(words)}"
        for e in entries
        if e.msgid not in ALLOWED
        and not _only_api(e)
        and (words := english_words(e.msgid) | english_words(e.msgid_plural or ""))
    ]
    assert not offenders, "English in the Indonesian UI:\n" + "\n".join(offenders)


def test_every_allowed_msgid_is_still_in_the_catalogue(entries: list[Entry]) -> None:
    msgids = {e.msgid for e in entries}
    assert not set(ALLOWED) - msgids, "remove stale entries from ALLOWED"
