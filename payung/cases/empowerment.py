"""Extension point of a case plan's "economic empowerment" item: referring a victim to an
economic-empowerment registry (Perkasa, UU TPKS and Perpres 55/2024) and reading back only
how her registration stands.

``cases`` sits below the app that holds the registry (``perkasa``), so it never imports it:
the registry subclasses :class:`EmpowermentReceiver` and registers an instance from its
``AppConfig.ready()`` (``PerkasaConfig.ready()`` does ``empowerment.register(...)``). Only
what :class:`ReferredPerson` holds crosses the line — name, NIK, contact, kelurahan and the
birth date — never the violence, the perpetrator, the case number or any case id. What comes
back is a registration reference (kept on the cases side, ``EmpowermentReferral``, read only
by case views) and, on the case page, one line of status per referral.

A plain module-level slot filled once at start-up: no signals, no import-time side effects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ReferredPerson:
    """All the registry receives about a referred victim."""

    name: str
    nik: str
    phone: str
    kelurahan: Any  # regions.Region (an urban village)
    birth_date: dt.date | None = None


@dataclass(frozen=True)
class Received:
    """The registry's answer to a referral: its registration's id, and whether that
    registration already existed (the NIK was registered: linked, not duplicated)."""

    reference: int
    existing: bool


class EmpowermentReceiver:
    """The registry that takes economic-empowerment referrals. Subclass and register."""

    #: The unit a victim's sharing consent must name (``Consent.organisation_name``,
    #: compared ignoring case and spacing). Consent is checked before anything is sent.
    organisation_name: str = ""
    #: How the case page names the programme.
    label: Any = ""

    def refer(self, *, actor: Any, person: ReferredPerson) -> Received:
        """Register (or link) the person, marked as a prioritised referral; runs inside the
        referring service's transaction. Raise ``ValidationError`` to refuse."""
        raise NotImplementedError

    def statuses(self, references: list[int]) -> dict[int, str]:
        """One line per reference: the registration and enrolment status, nothing else
        (e.g. "Terdaftar — terverifikasi — peserta Program X")."""
        return {}

    def consent_withdrawn(self, *, actor: Any, reference: int) -> None:
        """The victim withdrew her consent to share with the unit: stop what rested on the
        referral (the registry drops its prioritised-referral marker)."""


_receiver: list[EmpowermentReceiver] = []


def register(receiver: EmpowermentReceiver) -> None:
    """Install the receiver (one at a time; a repeated ``ready()`` keeps the first)."""
    if not _receiver:
        _receiver.append(receiver)


def receiver() -> EmpowermentReceiver | None:
    return _receiver[0] if _receiver else None
