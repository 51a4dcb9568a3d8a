"""Every write of the outreach app.

Keyword-only, one transaction each, the actor authorised first through
``payung.outreach.policies``, an audit event in the same transaction. A disclosure at a session
is recorded through ``payung.cases.services.report_create`` (channel ``penjangkauan``).
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payung.accounts.roles import Cap
from payung.audit.services import audit_event
from payung.cases.choices import Channel
from payung.cases.models import Report
from payung.cases.services import ReportInput, report_create
from payung.cases.uploads import AttachmentInput
from payung.core.actors import SystemActor, is_system, person, require_actor
from payung.outreach import policies
from payung.outreach.choices import ActivityStatus, PhotoKind, QuizPhase, VoiceStatus
from payung.outreach.models import (
    Activity,
    ActivityDisclosure,
    ActivityPhoto,
    ActivityType,
    AnnualTarget,
    Facilitator,
    Forum,
    ForumMember,
    Leader,
    LeaderReferral,
    Quiz,
    QuizQuestion,
    QuizResponse,
    Topic,
)
from payung.partners.models import Organisation
from payung.regions.models import Region, RegionLevel

# A User, or a SystemActor for commands and the demo loader (policies check which).
Actor = Any

#: Who records a disclosure in ``cases``: the outreach officer has no ``report.intake``
#: capability (they never read reports), so the report is recorded by this system actor after
#: the outreach policy has authorised the person; the outreach audit event names the person.
OUTREACH_DISCLOSURE = SystemActor("outreach_disclosure")

QUIZ_MIN, QUIZ_MAX = 3, 7
IMAGE_TYPES = frozenset({"image/jpeg", "image/png"})


def _city_code() -> str:
    from payung.cases.services import city_code

    return city_code()


def _check_region(region: Region) -> None:
    city = _city_code()
    if region.code != city and not (
        region.level in (RegionLevel.URBAN_VILLAGE, RegionLevel.VILLAGE)
        and region.code.startswith(city + ".")
    ):
        raise ValidationError({"region": _("Pilih salah satu kelurahan, atau seluruh kota.")})


# --- activities ----------------------------------------------------------------------------


@transaction.atomic
def activity_plan(
    *,
    actor: Actor,
    type: ActivityType,
    title: str,
    region: Region,
    venue: str,
    starts_at: datetime,
    topics: Iterable[Topic],
    partners: Iterable[Organisation] = (),
    public_figures: str = "",
    speakers: Iterable[Leader] = (),
    forum: Forum | None = None,
) -> Activity:
    policies.authorize_activity(actor, region_code=region.code)
    _check_region(region)
    topics = list(topics)
    if not title.strip():
        raise ValidationError({"title": _("Isi judul kegiatan.")})
    if not topics:
        raise ValidationError({"topics": _("Pilih paling sedikit satu topik.")})
    if forum is not None:
        policies.authorize_forum(actor, forum.region_code)
    speakers = list(speakers)
    if any(not leader.listed for leader in speakers):
        raise ValidationError(
            {"speakers": _("Tokoh yang menarik persetujuannya tidak dapat dipilih.")}
        )
    activity = Activity.objects.create(
        type=type,
        title=title.strip(),
        region=region,
        region_code=region.code,
        venue=venue.strip(),
        starts_at=starts_at,
        public_figures=public_figures.strip(),
        forum=forum,
        created_by=person(actor),
    )
    activity.topics.set(topics)
    activity.partners.set(list(partners))
    activity.speakers.set(speakers)
    audit_event(
        actor=actor,
        action="outreach.activity_plan",
        target=activity,
        target_label=activity.label,
        changes={
            "type": [None, type.code],
            "region_code": [None, region.code],
            "starts_at": [None, starts_at.isoformat()],
        },
    )
    return activity


def _lock(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


@transaction.atomic
def activity_hold(*, actor: Actor, activity: Activity) -> Activity:
    """Mark a planned activity held. A session dated in the future cannot have been held."""
    policies.authorize_activity(actor, activity)
    activity = _lock(activity)
    if activity.status != ActivityStatus.PLANNED:
        raise ValidationError(_("Hanya kegiatan yang direncanakan dapat ditandai terlaksana."))
    if activity.starts_at > timezone.now():
        raise ValidationError(
            _("Kegiatan ini dijadwalkan di masa depan; belum dapat ditandai terlaksana.")
        )
    activity.status = ActivityStatus.HELD
    activity.save(update_fields=["status", "updated_at"])
    audit_event(
        actor=actor,
        action="outreach.activity_hold",
        target=activity,
        target_label=activity.label,
        changes={"status": [ActivityStatus.PLANNED, ActivityStatus.HELD]},
    )
    return activity


@transaction.atomic
def activity_cancel(*, actor: Actor, activity: Activity, reason: str) -> Activity:
    policies.authorize_activity(actor, activity)
    activity = _lock(activity)
    if activity.status != ActivityStatus.PLANNED:
        raise ValidationError(_("Hanya kegiatan yang direncanakan dapat dibatalkan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Tuliskan alasan pembatalan.")})
    activity.status = ActivityStatus.CANCELLED
    activity.cancel_reason = reason.strip()[:300]
    activity.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit_event(
        actor=actor,
        action="outreach.activity_cancel",
        target=activity,
        target_label=activity.label,
        changes={"status": [ActivityStatus.PLANNED, ActivityStatus.CANCELLED]},
        note=activity.cancel_reason,
    )
    return activity


@dataclass(frozen=True)
class Attendance:
    women: int
    men: int
    girls: int
    boys: int
    total: int

    def validate(self) -> None:
        parts = (self.women, self.men, self.girls, self.boys, self.total)
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in parts):
            raise ValidationError({"total": _("Jumlah peserta harus bilangan bulat 0 atau lebih.")})
        if self.women + self.men + self.girls + self.boys != self.total:
            raise ValidationError(
                {
                    "total": _(
                        "Jumlah peserta (%(total)s) tidak sama dengan penjumlahan per kelompok "
                        "(%(sum)s)."
                    )
                    % {"total": self.total, "sum": self.women + self.men + self.girls + self.boys}
                }
            )


def _check_photo(kind: str, attachment: AttachmentInput) -> None:
    if kind not in PhotoKind.values:
        raise ValidationError(_("Jenis foto tidak dikenal."))
    if attachment.content_type not in IMAGE_TYPES:
        raise ValidationError(_("Hanya foto JPEG atau PNG yang diterima."), code="bad_type")


def _store_photo(
    *, actor: Actor, activity: Activity, kind: str, attachment: AttachmentInput
) -> ActivityPhoto:
    _check_photo(kind, attachment)
    photo = ActivityPhoto(
        activity=activity,
        kind=kind,
        content_type=attachment.content_type,
        original_name=attachment.original_name,
        uploaded_by=person(actor),
    )
    photo.seal(attachment.data)
    photo.save()
    return photo


@transaction.atomic
def activity_report(
    *,
    actor: Actor,
    activity: Activity,
    attendance: Attendance,
    materials: str = "",
    questions_raised: str = "",
    follow_ups: str = "",
    photos: Sequence[tuple[str, AttachmentInput]] = (),
) -> Activity:
    """Record what happened at a held session: counts (never names), notes, photos."""
    policies.authorize_activity(actor, activity)
    activity = _lock(activity)
    if activity.status not in (ActivityStatus.HELD, ActivityStatus.REPORTED):
        raise ValidationError(_("Tandai kegiatan terlaksana sebelum membuat laporannya."))
    attendance.validate()
    before = activity.status
    activity.women = attendance.women
    activity.men = attendance.men
    activity.girls = attendance.girls
    activity.boys = attendance.boys
    activity.total = attendance.total
    activity.materials = materials.strip()
    activity.questions_raised = questions_raised.strip()
    activity.follow_ups = follow_ups.strip()
    activity.status = ActivityStatus.REPORTED
    activity.reported_at = timezone.now()
    activity.save()
    for kind, attachment in photos:
        _store_photo(actor=actor, activity=activity, kind=kind, attachment=attachment)
    audit_event(
        actor=actor,
        action="outreach.activity_report",
        target=activity,
        target_label=activity.label,
        changes={
            "status": [before, ActivityStatus.REPORTED],
            "total": [None, attendance.total],
            "photos": [None, len(photos)],
        },
    )
    return activity


@transaction.atomic
def disclosure_record(
    *, actor: Actor, activity: Activity, data: ReportInput, idempotency_key: str
) -> Report:
    """A disclosure made at the session becomes an intake report (channel penjangkauan)
    linked to the activity; the activity shows only how many."""
    policies.authorize_activity(actor, activity)
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("Kegiatan ini dibatalkan."))
    data.channel = Channel.OUTREACH
    if data.kelurahan is None and activity.region.code != _city_code():
        data.kelurahan = activity.region
    data.source_reference = f"sosialisasi #{activity.pk}"
    namespace = f"outreach:{getattr(actor, 'pk', None) or 'system'}"
    submission = report_create(
        actor=OUTREACH_DISCLOSURE,
        data=data,
        idempotency_namespace=namespace,
        idempotency_key=idempotency_key,
    )
    report = submission.report
    if submission.created:
        ActivityDisclosure.objects.create(
            activity=activity, report=report, recorded_by=person(actor)
        )
        audit_event(
            actor=actor,
            action="outreach.disclosure_record",
            target=activity,
            target_label=activity.label,
            changes={"report": [None, report.pk]},
        )
    return report


# --- the annual plan ---------------------------------------------------------------------


@transaction.atomic
def target_set(
    *, actor: Actor, year: int, kelurahan: Region, min_sessions: int, min_religious: int
) -> AnnualTarget:
    policies.authorize_plan(actor, kelurahan.code)
    _check_region(kelurahan)
    if kelurahan.code == _city_code():
        raise ValidationError({"kelurahan": _("Target ditetapkan per kelurahan.")})
    if min_sessions < 0 or min_religious < 0 or min_religious > min_sessions:
        raise ValidationError(
            _("Target harus 0 atau lebih, dan sesi bersama tokoh agama tidak melebihi jumlah sesi.")
        )
    target, created = AnnualTarget.objects.get_or_create(
        year=year,
        kelurahan=kelurahan,
        defaults={
            "region_code": kelurahan.code,
            "min_sessions": min_sessions,
            "min_religious": min_religious,
        },
    )
    before = None if created else [target.min_sessions, target.min_religious]
    target.min_sessions = min_sessions
    target.min_religious = min_religious
    target.save()
    audit_event(
        actor=actor,
        action="outreach.target_set",
        target=target,
        target_label=f"target:{year}:{kelurahan.code}",
        changes={"target": [before, [min_sessions, min_religious]]},
    )
    return target


# --- the QR knowledge check ----------------------------------------------------------------


@transaction.atomic
def quiz_open(*, actor: Actor, activity: Activity) -> Quiz:
    """Draw 3–7 questions from the bank of the activity's topics; open for the session's day."""
    policies.authorize_activity(actor, activity)
    existing = Quiz.objects.filter(activity=activity).first()
    if existing is not None:
        return existing
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("Kegiatan ini dibatalkan."))
    bank = list(
        QuizQuestion.objects.filter(topic__in=activity.topics.all(), is_active=True).order_by("pk")
    )
    if len(bank) < QUIZ_MIN:
        raise ValidationError(
            _("Bank soal untuk topik kegiatan ini kurang dari %(n)s soal.") % {"n": QUIZ_MIN}
        )
    rng = random.Random(activity.pk)  # noqa: S311 - picking questions, not a secret
    chosen = sorted(rng.sample(bank, min(QUIZ_MAX, len(bank))), key=lambda q: q.pk)
    quiz = Quiz.objects.create(activity=activity, open_on=timezone.localdate(activity.starts_at))
    quiz.questions.set(chosen)
    audit_event(
        actor=actor,
        action="outreach.quiz_open",
        target=activity,
        target_label=activity.label,
        changes={"questions": [None, len(chosen)]},
    )
    return quiz


PUBLIC_QUIZ = SystemActor("public_quiz")


def browser_hash(raw: str) -> str:
    return hashlib.sha256(f"outreach-quiz:{raw}".encode()).hexdigest()


def quiz_submit(
    *, actor: Actor, quiz: Quiz, phase: str, browser: str, answers: dict[int, int]
) -> QuizResponse | None:
    """Store one anonymous answer sheet; ``None`` when this browser already answered this
    phase (the repeat is discarded). No personal data is taken, so nothing is audited: an
    audit row per participant would say nothing about who did what."""
    require_actor(actor)
    if not is_system(actor):
        raise PermissionDenied
    if phase not in QuizPhase.values:
        raise ValidationError(_("Tahap kuis tidak dikenal."))
    if not quiz.is_open():
        raise ValidationError(_("Kuis ini sudah ditutup."))
    questions = list(quiz.questions.all())
    correct = sum(1 for q in questions if answers.get(q.pk) == q.correct)
    try:
        with transaction.atomic():
            return QuizResponse.objects.create(
                quiz=quiz,
                phase=phase,
                browser=browser_hash(browser),
                correct=correct,
                asked=len(questions),
            )
    except IntegrityError:
        return None


# --- catalogues ------------------------------------------------------------------------------


@transaction.atomic
def catalogue_save(*, actor: Actor, instance: ActivityType | Topic | QuizQuestion) -> Any:
    """Save an edited or new catalogue row (activity type, topic, quiz question)."""
    policies.authorize_catalogue(actor)
    if isinstance(instance, QuizQuestion):
        options = [str(o).strip() for o in instance.options if str(o).strip()]
        if len(options) < 2:
            raise ValidationError({"options": _("Isi paling sedikit dua pilihan jawaban.")})
        if instance.correct >= len(options):
            raise ValidationError({"correct": _("Nomor jawaban benar di luar pilihan.")})
        instance.options = options
    created = instance.pk is None
    instance.full_clean()
    instance.save()
    audit_event(
        actor=actor,
        action="outreach.catalogue_create" if created else "outreach.catalogue_update",
        target=instance,
        target_label=f"{instance._meta.model_name}:{instance.pk}",
    )
    return instance


# --- community leaders -------------------------------------------------------------------


@transaction.atomic
def leader_save(
    *,
    actor: Actor,
    leader: Leader,
) -> Leader:
    """Create or update a leader; consent given today when first recorded."""
    policies.authorize_leader(actor, leader.kelurahan.code)
    _check_region(leader.kelurahan)
    if leader.pk is not None:
        stored = Leader.objects.select_for_update().get(pk=leader.pk)
        policies.authorize_leader(actor, stored.region_code)
    created = leader.pk is None
    leader.region_code = leader.kelurahan.code
    if leader.consent_listed and leader.consent_on is None:
        leader.consent_on = timezone.localdate()
    leader.full_clean()
    leader.save()
    audit_event(
        actor=actor,
        action="outreach.leader_create" if created else "outreach.leader_update",
        target=leader,
        target_label=f"tokoh:{leader.pk}",
        changes={"phone": ["", "changed"]},
    )
    return leader


@transaction.atomic
def leader_withdraw_consent(*, actor: Actor, leader: Leader) -> Leader:
    """Withdrawal removes the leader from every list and contact sheet."""
    policies.authorize_leader(actor, leader.region_code)
    leader = Leader.objects.select_for_update().get(pk=leader.pk)
    leader.consent_listed = False
    leader.withdrawn_on = timezone.localdate()
    leader.save(update_fields=["consent_listed", "withdrawn_on", "updated_at"])
    audit_event(
        actor=actor,
        action="outreach.leader_withdraw",
        target=leader,
        target_label=f"tokoh:{leader.pk}",
        changes={"consent_listed": [True, False]},
    )
    return leader


@transaction.atomic
def leader_referral_record(*, actor: Actor, leader: Leader, report: Report) -> LeaderReferral:
    """Link a report to the leader who brought it in (called by the intake hook)."""
    require_actor(actor)
    if not is_system(actor) and not (
        getattr(actor, "is_authenticated", False)
        and (actor.can(Cap.REPORT_INTAKE) or actor.can(Cap.OUTREACH))
        and actor.in_scope(leader.region_code)
    ):
        raise PermissionDenied
    referral = LeaderReferral.objects.create(leader=leader, report=report)
    audit_event(
        actor=actor,
        action="outreach.leader_referral",
        target=leader,
        target_label=f"tokoh:{leader.pk}",
        changes={"report": [None, report.pk]},
    )
    return referral


# --- Forum Anak ------------------------------------------------------------------------------

_NIK_SHAPED = re.compile(r"\d[\d\s.\-]{9,}\d")


@transaction.atomic
def forum_create(*, actor: Actor, name: str, kelurahan: Region | None) -> Forum:
    code = kelurahan.code if kelurahan is not None else _city_code()
    policies.authorize_forum(actor, code)
    if kelurahan is not None:
        _check_region(kelurahan)
    forum = Forum.objects.create(name=name.strip(), kelurahan=kelurahan, region_code=code)
    audit_event(
        actor=actor, action="outreach.forum_create", target=forum, target_label=f"forum:{forum.pk}"
    )
    return forum


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    forum: Forum,
    nickname: str,
    birth_year: int,
    sex: str,
    kelurahan: Region,
    school_level: str,
    guardian_consent_on: Any,
) -> ForumMember:
    """A child member: the minimum only. A NIK-shaped string in the name is refused."""
    policies.authorize_forum(actor, forum.region_code)
    _check_region(kelurahan)
    nickname = nickname.strip()
    if not nickname:
        raise ValidationError({"nickname": _("Isi nama depan atau panggilan.")})
    if _NIK_SHAPED.search(nickname) or sum(c.isdigit() for c in nickname) >= 8:
        raise ValidationError(
            {"nickname": _("Jangan mengisi NIK atau nomor lain; cukup nama depan atau panggilan.")}
        )
    if len(nickname) > 40:
        raise ValidationError(
            {"nickname": _("Cukup nama depan atau panggilan (paling panjang 40).")}
        )
    if guardian_consent_on is None:
        raise ValidationError(
            {"guardian_consent_on": _("Persetujuan orang tua / wali diperlukan.")}
        )
    member = ForumMember(
        forum=forum,
        nickname=nickname,
        birth_year=birth_year,
        sex=sex,
        kelurahan=kelurahan,
        region_code=kelurahan.code,
        school_level=school_level,
        guardian_consent_on=guardian_consent_on,
    )
    member.full_clean()
    member.save()
    audit_event(
        actor=actor,
        action="outreach.member_add",
        target=member,
        target_label=f"anggota:{member.pk}",
        changes={"nickname": ["", "changed"], "forum": [None, forum.pk]},
    )
    return member


@transaction.atomic
def facilitator_add(*, actor: Actor, forum: Forum, name: str, phone: str = "") -> Facilitator:
    policies.authorize_forum(actor, forum.region_code)
    if not name.strip():
        raise ValidationError({"name": _("Isi nama fasilitator.")})
    facilitator = Facilitator.objects.create(forum=forum, name=name.strip(), phone=phone.strip())
    audit_event(
        actor=actor,
        action="outreach.facilitator_add",
        target=facilitator,
        target_label=f"fasilitator:{facilitator.pk}",
    )
    return facilitator


@transaction.atomic
def voice_add(
    *, actor: Actor, forum: Forum, title: str, body: str, agency: str, submitted_on: Any
) -> Any:
    from payung.outreach.models import ForumVoice

    policies.authorize_forum(actor, forum.region_code)
    if not title.strip():
        raise ValidationError({"title": _("Isi usulan.")})
    voice = ForumVoice.objects.create(
        forum=forum,
        title=title.strip(),
        body=body.strip(),
        agency=agency.strip(),
        submitted_on=submitted_on,
    )
    audit_event(
        actor=actor, action="outreach.voice_add", target=voice, target_label=f"suara:{voice.pk}"
    )
    return voice


@transaction.atomic
def voice_respond(*, actor: Actor, voice: Any, response: str, status: str) -> Any:
    policies.authorize_forum(actor, voice.forum.region_code)
    if status not in VoiceStatus.values:
        raise ValidationError({"status": _("Status tidak dikenal.")})
    before = voice.status
    voice.response = response.strip()
    voice.status = status
    voice.save(update_fields=["response", "status", "updated_at"])
    audit_event(
        actor=actor,
        action="outreach.voice_respond",
        target=voice,
        target_label=f"suara:{voice.pk}",
        changes={"status": [before, status]},
    )
    return voice


def recap_start(*, actor: Actor, year: int) -> Any:
    """Start the yearly recap (.xlsx) as a background job owned by ``actor``."""
    from payung.jobs.services import start_job
    from payung.outreach.outputs import RECAP_KIND

    require_actor(actor)
    if not policies.can_manage(actor):
        raise PermissionDenied
    return start_job(
        actor,
        kind=RECAP_KIND,
        params={"year": year},
        label=_("Rekap sosialisasi %(year)s") % {"year": year},
    )
