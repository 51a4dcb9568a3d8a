"""Deadline data fixes from acceptance testing (issue #17, docs/domain.md#deadlines).

1. "Immediately" is a one-hour response window, not 0 hours (a report was late the moment it
   arrived, and a first response within a minute was marked late). The high-risk triage rule
   and the high-risk case response rule go from 0 to 1 hour where they are still 0; due times
   computed under the 0-hour rule move one hour later.
2. The PKDRT court-order request counts from the grant of temporary protection (UU 23/2004
   Pasal 16 ayat 3), not from the report: the rule is anchored on the temporary-protection
   step, and its open items wait until that grant is recorded.
3. The court's decision on the protection order, within 7 days of the request (Pasal 28),
   becomes its own rule, anchored on the request.
4. The same holds under TPKS: the police ask LPSK for protection within 1×24 hours of giving
   temporary protection (UU 12/2022 Pasal 43 ayat 1), so that rule is anchored likewise.
"""

from datetime import datetime, time, timedelta

from django.db import migrations
from django.db.models import F
from django.utils import timezone

HIGH_TRIAGE_OLD_BASIS = (
    "Risiko tinggi: dilayani segera (alur layanan UPTD PPA, Permen PPPA 2/2022)."
)
HIGH_TRIAGE_BASIS = (
    "Risiko tinggi: dilayani segera (alur layanan UPTD PPA, Permen PPPA 2/2022). "
    "\"Segera\" berarti ditanggapi dalam 1 jam; batas ini standar kota dan dapat diubah."
)
HIGH_CASE_OLD_BASIS = (
    "Standar layanan UPTD PPA (Permen PPPA 2/2022): kasus berisiko tinggi dilayani segera."
)
HIGH_CASE_BASIS = (
    "Standar layanan UPTD PPA (Permen PPPA 2/2022): kasus berisiko tinggi dilayani segera, "
    "yaitu ditanggapi dalam 1 jam (standar kota, dapat diubah)."
)
COURT_RULE = {
    "code": "kdrt-penetapan-perintah-perlindungan",
    "name": "Penetapan perintah perlindungan oleh pengadilan (KDRT)",
    "trigger": "kdrt",
    "hours": 168,
    "working_days": False,
    "tracks_protection": True,
    "protection_days": None,
    "anchor_field": "requested_on",
    "basis": (
        "UU 23/2004 Pasal 28: dalam tenggang waktu 7 hari sejak diterimanya permohonan, "
        "ketua pengadilan wajib mengeluarkan surat penetapan perintah perlindungan. "
        "Dihitung sejak tanggal permohonan dicatat pada langkah sebelumnya."
    ),
}
LPSK_OLD_BASIS = (
    "UU 12/2022 Pasal 43: dalam 1×24 jam kepolisian wajib mengajukan permintaan "
    "perlindungan kepada LPSK."
)
LPSK_BASIS = (
    "UU 12/2022 Pasal 43 ayat (1): dalam 1×24 jam sejak pemberian Pelindungan sementara, "
    "kepolisian wajib mengajukan permintaan Pelindungan kepada LPSK."
)
ONE_HOUR = timedelta(hours=1)


def _step_moment(item, field):
    """When the step recorded on ``item`` took place (see services.deadlines._step_moment)."""
    if item is None or item.state == "tidak_berlaku":
        return None
    day = getattr(item, field)
    if day is None:
        return item.met_at if item.state == "terpenuhi" else None
    if item.met_at is not None and timezone.localdate(item.met_at) == day:
        return item.met_at
    return timezone.make_aware(datetime.combine(day, time.min))


def _anchor_items(CaseDeadline, rule, anchor_rule, field):
    """Set the open items of ``rule`` to wait for, or count from, ``anchor_rule``'s step."""
    steps = {d.case_id: d for d in CaseDeadline.objects.filter(rule=anchor_rule)}
    for item in CaseDeadline.objects.filter(rule=rule, state__in=["terbuka", "menunggu"]):
        anchor = _step_moment(steps.get(item.case_id), field)
        if anchor is None:
            item.state, item.due_at = "menunggu", None
        else:
            # Calendar hours as seeded; a working-day count is redone by the next sync.
            item.state, item.due_at = "terbuka", anchor + timedelta(hours=rule.hours)
        item.save(update_fields=["state", "due_at"])


def forward(apps, schema_editor):
    TriageRule = apps.get_model("cases", "TriageDeadlineRule")
    Report = apps.get_model("cases", "Report")
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    CaseDeadline = apps.get_model("cases", "CaseDeadline")
    Case = apps.get_model("cases", "Case")

    # 1. A one-hour window for "immediately".
    high = TriageRule.objects.filter(risk_level="tinggi", hours=0).first()
    if high is not None:
        high.hours = 1
        if high.basis == HIGH_TRIAGE_OLD_BASIS:
            high.basis = HIGH_TRIAGE_BASIS
        high.save(update_fields=["hours", "basis"])
        Report.objects.filter(status="baru", risk_level="tinggi", due_at__lte=F("received_at")).update(
            due_at=F("received_at") + ONE_HOUR
        )
    response = DeadlineRule.objects.filter(code="respons-risiko-tinggi", hours=0).first()
    if response is not None:
        response.hours = 1
        if response.basis == HIGH_CASE_OLD_BASIS:
            response.basis = HIGH_CASE_BASIS
        response.save(update_fields=["hours", "basis"])
        # Items met within the hour were never late: the 0-hour rule cried wolf.
        CaseDeadline.objects.filter(
            rule=response, state__in=["terbuka", "terpenuhi"]
        ).update(due_at=F("due_at") + ONE_HOUR)

    # 4. TPKS: the request to LPSK counts from the grant of temporary protection.
    tpks_temporary = DeadlineRule.objects.filter(code="tpks-perlindungan-sementara").first()
    lpsk = DeadlineRule.objects.filter(code="tpks-permintaan-lpsk").first()
    if tpks_temporary is not None and lpsk is not None and lpsk.anchor_rule_id is None:
        lpsk.anchor_rule, lpsk.anchor_field = tpks_temporary, "granted_on"
        if lpsk.basis == LPSK_OLD_BASIS:
            lpsk.basis = LPSK_BASIS
        lpsk.save(update_fields=["anchor_rule", "anchor_field", "basis"])
        _anchor_items(CaseDeadline, lpsk, tpks_temporary, "granted_on")

    # 2. The court-order request counts from the grant of temporary protection.
    temporary = DeadlineRule.objects.filter(code="kdrt-perlindungan-sementara").first()
    request = DeadlineRule.objects.filter(code="kdrt-permohonan-perintah-perlindungan").first()
    if temporary is None or request is None:
        return
    if request.anchor_rule_id is None:
        request.anchor_rule, request.anchor_field = temporary, "granted_on"
        request.save(update_fields=["anchor_rule", "anchor_field"])
        _anchor_items(CaseDeadline, request, temporary, "granted_on")

    # 3. The court decides within 7 days of the request.
    court, created = DeadlineRule.objects.get_or_create(
        code=COURT_RULE["code"],
        defaults={**COURT_RULE, "anchor_rule": request, "order": request.order + 1},
    )
    if not created:
        return
    DeadlineRule.objects.filter(order__gt=request.order).exclude(pk=court.pk).update(
        order=F("order") + 1
    )
    open_kdrt = Case.objects.filter(flag_kdrt=True).exclude(status="ditutup")
    for case in open_kdrt.exclude(deadlines__rule=court):
        CaseDeadline.objects.create(
            case=case, rule=court, title=court.name, state="menunggu", due_at=None
        )
    _anchor_items(CaseDeadline, court, request, "requested_on")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_deadline_anchor_waiting_state")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
