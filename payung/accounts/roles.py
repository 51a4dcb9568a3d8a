"""Roles of docs/domain.md#roles and what each may do.

A role grants *capabilities*; a user's *scope* (a region, and for provider and shelter staff
an organisation) limits the objects they apply to. Each app's policies.py combines the two.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PPT_OFFICER = "ppt_officer", _("Petugas PPT kelurahan")
    CASE_MANAGER = "case_manager", _("Manajer kasus")
    SUPERVISOR = "supervisor", _("Supervisor / Kepala UPTD PPA")
    PROVIDER_STAFF = "provider_staff", _("Staf penyedia layanan")
    SHELTER_STAFF = "shelter_staff", _("Staf rumah aman")
    OUTREACH_OFFICER = "outreach_officer", _("Petugas sosialisasi")
    PERKASA_OFFICER = "perkasa_officer", _("Petugas Perkasa")
    PERKASA_PARTNER = "perkasa_partner", _("Staf mitra program Perkasa")
    ANALYST = "analyst", _("Analis / pimpinan")
    DPO = "dpo", _("Pejabat pelindungan data (DPO)")
    SYSADMIN = "sysadmin", _("Admin sistem")


class Cap:
    """Capability names. Strings, so templates and tests can name them too."""

    CASE_CONTENT = "case.content"  # may read victims' case records (within scope)
    REPORT_INTAKE = "report.intake"  # record reports received by staff
    REPORT_TRIAGE = "report.triage"  # work the centre's triage queue
    CASE_ASSIGN = "case.assign"
    CASE_APPROVE_CLOSURE = "case.approve_closure"
    REFERRAL_INBOX = "referral.inbox"  # provider side of referrals
    REFERRAL_MAKE = "referral.make"  # refer victims to partners: partner directory, shelter places
    SHELTER = "shelter.residents"
    OUTREACH = "outreach.manage"
    PERKASA = "perkasa.manage"
    # Staff of an agency that owns Perkasa programmes: its own programmes' participants only.
    PERKASA_PARTNER = "perkasa.partner"
    STATS = "stats.read"  # aggregates only, never names
    AUDIT_READ = "audit.read"
    USERS_MANAGE = "users.manage"
    USERS_APPROVE = "users.approve"  # the second person for accounts that can read victims' data
    REFERENCE_MANAGE = "reference.manage"
    API_DOCS = "api.docs"
    PRIVACY = "privacy.manage"  # breach register, data-subject requests, retention (the DPO)


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PPT_OFFICER: frozenset({Cap.CASE_CONTENT, Cap.REPORT_INTAKE, Cap.OUTREACH, Cap.API_DOCS}),
    Role.CASE_MANAGER: frozenset(
        {
            Cap.CASE_CONTENT,
            Cap.REPORT_INTAKE,
            Cap.REPORT_TRIAGE,
            Cap.REFERRAL_MAKE,
            Cap.STATS,
            Cap.API_DOCS,
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            Cap.CASE_CONTENT,
            Cap.REPORT_INTAKE,
            Cap.REPORT_TRIAGE,
            Cap.CASE_ASSIGN,
            Cap.CASE_APPROVE_CLOSURE,
            Cap.REFERRAL_MAKE,
            Cap.STATS,
            Cap.API_DOCS,
            Cap.USERS_APPROVE,
        }
    ),
    Role.PROVIDER_STAFF: frozenset({Cap.CASE_CONTENT, Cap.REFERRAL_INBOX, Cap.API_DOCS}),
    Role.SHELTER_STAFF: frozenset({Cap.CASE_CONTENT, Cap.SHELTER}),
    Role.OUTREACH_OFFICER: frozenset({Cap.OUTREACH, Cap.STATS}),
    Role.PERKASA_OFFICER: frozenset({Cap.PERKASA, Cap.STATS}),
    Role.PERKASA_PARTNER: frozenset({Cap.PERKASA_PARTNER}),
    Role.ANALYST: frozenset({Cap.STATS, Cap.API_DOCS}),
    Role.DPO: frozenset({Cap.AUDIT_READ, Cap.STATS, Cap.USERS_APPROVE, Cap.PRIVACY}),
    Role.SYSADMIN: frozenset({Cap.USERS_MANAGE, Cap.REFERENCE_MANAGE, Cap.API_DOCS}),
}

# Roles whose scope is one kelurahan (or desa); the others are scoped to a kota/kabupaten,
# a province or the country.
KELURAHAN_SCOPED = frozenset({Role.PPT_OFFICER})
# Staff who belong to one organisation (``User.organisation``): provider and shelter staff,
# and the staff of an agency that owns Perkasa programmes (DP3AKB, Diskop UMKM, a CSR partner).
ORGANISATION_SCOPED = frozenset({Role.PROVIDER_STAFF, Role.SHELTER_STAFF, Role.PERKASA_PARTNER})


def capabilities(role: str) -> frozenset[str]:
    return ROLE_CAPABILITIES.get(role, frozenset())


# Capabilities that open victims' data (case records, reports in triage, referrals to a
# provider, shelter residents) or the controls around it (the audit trail, approving such
# accounts). An account holding any of them is never made usable by the system admin alone.
SENSITIVE_CAPABILITIES = frozenset(
    {
        Cap.CASE_CONTENT,
        Cap.REPORT_TRIAGE,
        Cap.REFERRAL_INBOX,
        Cap.SHELTER,
        Cap.AUDIT_READ,
        Cap.USERS_APPROVE,
    }
)


def needs_two_factor(role: str) -> bool:
    """Roles that can read case content or the audit trail, or manage or approve users."""
    caps = capabilities(role)
    return bool(caps & {Cap.CASE_CONTENT, Cap.AUDIT_READ, Cap.USERS_MANAGE, Cap.USERS_APPROVE})


def needs_second_approval(role: str) -> bool:
    """Whether a new account with ``role``, a change to ``role``, or a reset of the password or
    second factor of such an account needs a second person's approval (``Cap.USERS_APPROVE``:
    the head of the UPTD PPA or the DPO) before it takes effect."""
    return bool(capabilities(role) & SENSITIVE_CAPABILITIES)
