"""The numbered request letter for a free visum et repertum (surat permintaan visum).

Addressed to the provider that examines the victim (an RSUD, a puskesmas, the police's
doctor), it names the victim — the examining doctor must know whom to examine — and nothing
else of the case: no chronology, no perpetrator, no address. It is marked confidential.

Built like the handling document: fpdf2's core Helvetica (no font file to ship), text mapped
to Latin-1, and always in Indonesian whatever the officer's language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from payung.care.models import VisumLetter
from payung.cases.handling_document import _day as indonesian_date
from payung.cases.handling_document import latin1
from payung.regions.models import ServicePost, ServicePostKind


class _Letter(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.cell(
            0,
            8,
            latin1(_("RAHASIA - memuat identitas korban. Halaman %(n)s.") % {"n": self.page_no()}),
            align="C",
        )


def build_visum_letter(letter: VisumLetter) -> bytes:
    centre = (
        ServicePost.objects.filter(kind=ServicePostKind.CENTRE, is_active=True)
        .order_by("pk")
        .first()
    )
    with translation.override(settings.LANGUAGE_CODE):
        return _render(letter, centre)


def _render(letter: VisumLetter, centre: ServicePost | None) -> bytes:
    pdf = _Letter(format="A4")
    pdf.set_title(latin1(str(_("Surat permintaan visum et repertum"))))
    pdf.set_author("UPTD PPA Kota Pasuruan")
    pdf.set_creation_date(timezone.now())
    pdf.set_margins(22, 18, 22)
    pdf.add_page()

    def line(text: str, size: int = 11, style: str = "", align: str = "L", h: float = 6) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, h, latin1(text), new_x="LMARGIN", new_y="NEXT", align=align)

    def field(label: str, value: str) -> None:
        pdf.set_font("Helvetica", size=11)
        pdf.cell(45, 6, latin1(label))
        pdf.multi_cell(0, 6, latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")

    # Letterhead
    line(_("PEMERINTAH KOTA PASURUAN"), 12, "B", "C")
    line(_("DINAS PEMBERDAYAAN PEREMPUAN, PERLINDUNGAN ANAK DAN KELUARGA BERENCANA"), 10, "B", "C")
    line(_("UPTD PERLINDUNGAN PEREMPUAN DAN ANAK (UPTD PPA)"), 11, "B", "C")
    if centre is not None:
        contact = ", ".join(p for p in (centre.address, centre.phone) if p)
        if contact:
            line(contact, 9, "", "C", 5)
    y = pdf.get_y() + 1
    pdf.set_line_width(0.6)
    pdf.line(22, y, 188, y)
    pdf.ln(5)

    person = letter.victim.person
    issued = timezone.localtime(letter.issued_at)
    line(_("Pasuruan, %(date)s") % {"date": indonesian_date(issued)}, align="R")
    pdf.ln(2)
    field(_("Nomor"), letter.number)
    field(_("Sifat"), _("Rahasia"))
    field(_("Lampiran"), "-")
    field(_("Perihal"), _("Permintaan visum et repertum (tanpa biaya)"))
    pdf.ln(4)

    line(_("Kepada Yth."))
    line(_("Pimpinan %(organisation)s") % {"organisation": letter.organisation.name}, style="B")
    if letter.organisation.address:
        line(letter.organisation.address)
    line(_("di tempat"))
    pdf.ln(4)

    line(_("Dengan hormat,"))
    line(
        _(
            "Sehubungan dengan penanganan kasus kekerasan terhadap perempuan dan anak nomor "
            "%(case)s oleh UPTD PPA Kota Pasuruan, bersama ini kami mohon dilakukan pemeriksaan "
            "visum et repertum terhadap:"
        )
        % {"case": letter.case.number}
    )
    pdf.ln(2)
    name = (person.name or person.alias) if person is not None else ""
    age = person.age() if person is not None else None
    field(_("Nama"), name or "-")
    field(_("Jenis kelamin"), str(person.get_sex_display()) if person is not None else "-")
    field(_("Umur"), _("%(n)s tahun") % {"n": age} if age is not None else "-")
    if letter.police_report_number:
        field(_("Nomor laporan polisi"), letter.police_report_number)
    if letter.purpose:
        field(_("Keperluan"), letter.purpose)
    pdf.ln(2)
    line(
        _(
            "Pemeriksaan ini tidak dipungut biaya dari korban: biayanya ditanggung Pemerintah "
            "Kota Pasuruan melalui layanan visum gratis DP3AKB. Mohon hasil pemeriksaan "
            "disampaikan dalam amplop tertutup dan identitas korban dijaga kerahasiaannya."
        )
    )
    pdf.ln(2)
    line(_("Demikian permohonan ini. Atas perhatian dan kerja samanya kami ucapkan terima kasih."))
    pdf.ln(8)

    pdf.set_x(115)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, latin1(_("Kepala UPTD PPA Kota Pasuruan")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.set_x(115)
    pdf.multi_cell(0, 6, "______________________________", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(115)
    pdf.multi_cell(0, 6, latin1(_("NIP.")), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
