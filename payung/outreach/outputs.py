"""What outreach hands out: the per-activity report PDF (fpdf2) and the yearly recap .xlsx
(a background job through payung/jobs; cells through core.exports, formula-safe)."""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from payung.cases.handling_document import latin1
from payung.core.exports import Sheet, xlsx_bytes
from payung.jobs.registry import JobContext, job_handler
from payung.outreach import policies, selectors
from payung.outreach.models import Activity


def activity_pdf(activity: Activity) -> bytes:
    """What, where, who spoke, counts, photos: for the kelurahan or the DPRD. Never a
    disclosure's content (only the count)."""
    with translation.override(settings.LANGUAGE_CODE):
        pdf = FPDF(format="A4")
        pdf.set_title(latin1(activity.title))
        pdf.set_author("DP3AKB Kota Pasuruan")
        pdf.set_creation_date(timezone.now())
        pdf.set_margins(20, 18, 20)
        pdf.add_page()

        def line(text: str, size: int = 11, style: str = "", h: float = 6) -> None:
            pdf.set_font("Helvetica", style, size)
            pdf.multi_cell(0, h, latin1(text), new_x="LMARGIN", new_y="NEXT")

        def field(label: str, value: str) -> None:
            pdf.set_font("Helvetica", size=11)
            pdf.cell(55, 6, latin1(label))
            pdf.multi_cell(0, 6, latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")

        line(_("LAPORAN KEGIATAN SOSIALISASI"), 13, "B")
        line(_("DP3AKB Kota Pasuruan"), 10)
        pdf.ln(3)
        line(activity.title, 12, "B")
        starts = timezone.localtime(activity.starts_at)
        field(_("Jenis kegiatan"), activity.type.name)
        field(_("Wilayah"), activity.region.name)
        field(_("Tempat"), activity.venue)
        field(_("Waktu"), starts.strftime("%d-%m-%Y %H:%M"))
        field(_("Status"), str(activity.get_status_display()))
        field(_("Topik"), ", ".join(t.name for t in activity.topics.all()))
        partners = [p.name for p in activity.partners.all()]
        if activity.public_figures:
            partners.append(activity.public_figures)
        field(_("Mitra"), ", ".join(partners) or "-")
        field(_("Narasumber"), ", ".join(s.name for s in activity.speakers.all()) or "-")
        if activity.total is not None:
            pdf.ln(2)
            line(_("Peserta (jumlah, tanpa nama)"), 11, "B")
            field(_("Perempuan dewasa"), str(activity.women))
            field(_("Laki-laki dewasa"), str(activity.men))
            field(_("Anak perempuan"), str(activity.girls))
            field(_("Anak laki-laki"), str(activity.boys))
            field(_("Jumlah"), str(activity.total))
        for label, text in (
            (_("Materi yang dibagikan"), activity.materials),
            (_("Pertanyaan peserta"), activity.questions_raised),
            (_("Tindak lanjut"), activity.follow_ups),
        ):
            if text:
                pdf.ln(1)
                line(label, 11, "B")
                line(text)
        field(_("Laporan warga dari sesi"), str(activity.disclosures.count()))
        quiz = getattr(activity, "quiz", None)
        if quiz is not None:
            scores = selectors.quiz_scores(quiz)

            def pct(v: float | None) -> str:
                return "-" if v is None else f"{round(v * 100)}%"

            field(
                _("Kuis: jawaban benar"),
                _("sebelum %(b)s (%(nb)s lembar), sesudah %(a)s (%(na)s lembar)")
                % {
                    "b": pct(scores.before_share),
                    "nb": scores.before_sheets,
                    "a": pct(scores.after_share),
                    "na": scores.after_sheets,
                },
            )
        for photo in activity.photos.all():
            data = photo.unseal()
            with tempfile.NamedTemporaryFile(suffix=f".{photo.extension}") as handle:
                handle.write(data)
                handle.flush()
                pdf.ln(2)
                line(str(photo.get_kind_display()), 10, "B")
                try:
                    pdf.image(handle.name, w=80)
                except Exception:  # noqa: BLE001 - a photo fpdf cannot draw is named, not drawn
                    line(_("(foto tidak dapat ditampilkan)"), 9)
        return bytes(pdf.output())


RECAP_KIND = "outreach.yearly_recap"


@job_handler(RECAP_KIND)
def yearly_recap(ctx: JobContext) -> None:
    """One row per activity of the year in the actor's scope, plus the coverage sheet."""
    actor = ctx.actor
    if not policies.can_manage(actor):
        raise PermissionError("outreach.manage required")
    year = int(ctx.params["year"])
    start, end = selectors.year_bounds(year)
    qs = (
        policies.visible_activities(actor)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("type", "region")
        .prefetch_related("topics")
        .order_by("starts_at", "pk")
    )
    total = qs.count()
    rows = []
    for i, a in enumerate(qs.iterator(chunk_size=500), start=1):
        rows.append(
            [
                timezone.localtime(a.starts_at).replace(tzinfo=None),
                a.type.name,
                a.title,
                a.region.name,
                a.venue,
                str(a.get_status_display()),
                ", ".join(t.name for t in a.topics.all()),
                a.women,
                a.men,
                a.girls,
                a.boys,
                a.total,
            ]
        )
        if i % 200 == 0:
            ctx.progress(i, total)
    board = selectors.coverage_board(actor, year)
    coverage_rows = [
        [r.region.name, *r.quarters, r.religious, r.attendance, r.min_sessions, r.min_religious]
        for r in board.rows
    ]
    data = xlsx_bytes(
        [
            Sheet(
                title=_("Kegiatan"),
                headers=[
                    _("Waktu"),
                    _("Jenis"),
                    _("Judul"),
                    _("Wilayah"),
                    _("Tempat"),
                    _("Status"),
                    _("Topik"),
                    _("Perempuan dewasa"),
                    _("Laki-laki dewasa"),
                    _("Anak perempuan"),
                    _("Anak laki-laki"),
                    _("Jumlah"),
                ],
                rows=rows,
            ),
            Sheet(
                title=_("Cakupan"),
                headers=[
                    _("Kelurahan"),
                    "T1",
                    "T2",
                    "T3",
                    "T4",
                    _("Tokoh agama"),
                    _("Peserta"),
                    _("Target sesi"),
                    _("Target tokoh agama"),
                ],
                rows=coverage_rows,
            ),
        ]
    )
    ctx.progress(total, total)
    ctx.save_result(
        f"rekap-sosialisasi-{year}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        data,
    )
