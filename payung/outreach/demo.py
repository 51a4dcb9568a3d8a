"""Demo data of outreach: a year of sessions across the city, targets, leaders, Forum Anak.

Clearly fictional (names end in "(demo)"), deterministic (a fixed seed), loaded once: a
second run finds the demo activities and adds nothing. Some kelurahan are left without a
session in the current quarter, so the outreach officer's home has something to show.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from io import TextIOBase

from django.utils import timezone

from payung.core.actors import SystemActor
from payung.outreach import services
from payung.outreach.models import Activity, ActivityType, Forum, Leader, Topic
from payung.partners.choices import OrganisationKind
from payung.partners.models import Organisation
from payung.regions.models import Region

DEMO = SystemActor("load_demo")
CITY = "35.75"

TITLES = {
    "sosialisasi_kelurahan": "Sosialisasi PPT dan cara melapor",
    "pengajian": "Pengajian rutin: keluarga tanpa kekerasan",
    "dprd": "Sosialisasi bersama anggota DPRD",
    "sekolah": "Sosialisasi di sekolah: tubuhku milikku",
    "posyandu_pkk": "Kelas pengasuhan di posyandu",
    "forum_anak": "Pertemuan Forum Anak",
    "kampanye_media": "Siaran radio: aman di dunia digital",
}
TOPICS = {
    "sosialisasi_kelurahan": ("ppt_lapor", "kdrt"),
    "pengajian": ("kdrt", "perkawinan_anak"),
    "dprd": ("kekerasan_seksual", "ppt_lapor"),
    "sekolah": ("kekerasan_seksual", "aman_digital", "hak_anak"),
    "posyandu_pkk": ("pengasuhan", "kdrt"),
    "forum_anak": ("hak_anak", "aman_digital"),
    "kampanye_media": ("aman_digital",),
}


def load(*, stdout: TextIOBase | None = None) -> int:
    if Activity.objects.filter(title__endswith="(demo)").exists():
        return 0
    rng = random.Random(11)  # noqa: S311 - demo data, not a secret
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    kelurahan = list(Region.objects.within(CITY).villages().order_by("code"))
    types = {t.code: t for t in ActivityType.objects.all()}
    religious_partners = list(Organisation.objects.filter(kind=OrganisationKind.RELIGIOUS))
    for year in {today.year, (today - timedelta(days=365)).year}:
        for region in kelurahan:
            services.target_set(
                actor=DEMO, year=year, kelurahan=region, min_sessions=2, min_religious=1
            )
    this_quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    created = 0
    for index, region in enumerate(kelurahan):
        leaders = [
            services.leader_save(
                actor=DEMO,
                leader=Leader(
                    name=f"{prefix} {region.name} (demo)",
                    kind=kind,
                    kelurahan=region,
                    phone=f"0812000{index:02d}{n}",
                    consent_listed=True,
                ),
            )
            for n, (prefix, kind) in enumerate(
                (("Ustadzah Contoh", "tokoh_agama"), ("Ketua RW Contoh", "ketua_rt_rw"))
            )
        ]
        if index % 9 == 0:
            services.leader_withdraw_consent(actor=DEMO, leader=leaders[1])
        # Every third kelurahan has had nothing yet this quarter.
        skip_quarter = index % 3 == 0
        for _n in range(rng.randint(2, 5)):
            days_back = rng.randint(1, 360)
            day = today - timedelta(days=days_back)
            if skip_quarter and day >= this_quarter_start:
                day = this_quarter_start - timedelta(days=rng.randint(1, 80))
            code = rng.choice(list(TITLES))
            if code in ("kampanye_media", "forum_anak"):
                code = "pengajian"
            starts_at = datetime.combine(day, time(rng.choice((9, 13, 19)), 0), tzinfo=tz)
            activity = services.activity_plan(
                actor=DEMO,
                type=types[code],
                title=f"{TITLES[code]} (demo)",
                region=region,
                venue=f"Balai Kelurahan {region.name}"
                if code != "pengajian"
                else f"Musala Contoh {region.name}",
                starts_at=starts_at,
                topics=Topic.objects.filter(code__in=TOPICS[code]),
                partners=religious_partners if code == "pengajian" else [],
                public_figures="Anggota DPRD Contoh (demo)" if code == "dprd" else "",
                speakers=[leaders[0]] if code == "pengajian" else [],
            )
            services.activity_hold(actor=DEMO, activity=activity)
            women, men = rng.randint(10, 60), rng.randint(0, 30)
            girls, boys = rng.randint(0, 15), rng.randint(0, 15)
            services.activity_report(
                actor=DEMO,
                activity=activity,
                attendance=services.Attendance(women, men, girls, boys, women + men + girls + boys),
                materials="Leaflet PPT dan nomor SAPA 129",
                questions_raised="Bagaimana cara melapor tanpa diketahui pelaku?",
            )
            created += 1
        if index % 4 == 1:
            upcoming = today + timedelta(days=rng.randint(3, 40))
            services.activity_plan(
                actor=DEMO,
                type=types["sosialisasi_kelurahan"],
                title=f"{TITLES['sosialisasi_kelurahan']} (demo)",
                region=region,
                venue=f"Balai Kelurahan {region.name}",
                starts_at=datetime.combine(upcoming, time(9, 0), tzinfo=tz),
                topics=Topic.objects.filter(code__in=TOPICS["sosialisasi_kelurahan"]),
            )
            created += 1
    if not Forum.objects.exists():
        forum = services.forum_create(
            actor=DEMO, name="Forum Anak Kota Pasuruan (demo)", kelurahan=None
        )
        for n, (nick, year, sex, level) in enumerate(
            (
                ("Mawar", today.year - 14, "p", "smp"),
                ("Bintang", today.year - 16, "l", "sma"),
                ("Melati", today.year - 18, "p", "sma"),
            )
        ):
            services.member_add(
                actor=DEMO,
                forum=forum,
                nickname=f"{nick} (demo)",
                birth_year=year,
                sex=sex,
                kelurahan=kelurahan[n],
                school_level=level,
                guardian_consent_on=today - timedelta(days=100),
            )
        services.facilitator_add(actor=DEMO, forum=forum, name="Kak Fasilitator Contoh (demo)")
        voice = services.voice_add(
            actor=DEMO,
            forum=forum,
            title="Ruang bermain ramah anak di setiap kelurahan",
            body="Usulan Forum Anak dalam Musrenbang kota.",
            agency="Bappeda",
            submitted_on=today - timedelta(days=60),
        )
        services.voice_respond(
            actor=DEMO,
            voice=voice,
            response="Masuk rencana kerja tahun depan.",
            status="ditindaklanjuti",
        )
    if stdout is not None:
        stdout.write(f"Demo outreach activities: {created} created.\n")
    return created
