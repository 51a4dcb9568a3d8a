"""Word lists and distributions for synthetic data. Written for Payung; no real register.

Names are built from syllables and invented given names, then marked with ``(sintetis)`` so a
reader never mistakes a generated person for a real one. The suffix sits in parentheses,
which the name folding of ``payung.identity.names`` ignores, so search behaves as it would for
real names.

The distributions are plausible shapes, not statistics: they follow the order of magnitude of
the national SIMFONI-PPA dashboard (sexual violence the most reported form, then physical
and psychological; about four in five victims women or girls; children 13–17 the largest age
group; most incidents at home). Each is a ``{value: weight}`` mapping; values that a model's
choices no longer contain are dropped at run time (see ``generator.Weighted``).
"""

from __future__ import annotations

SUFFIX = " (sintetis)"

# --- people ---------------------------------------------------------------------------------

# Given-name stems and endings; a name is stem + ending ("Sari" + "wati" → "Sariwati").
STEMS = (
    "Sari",
    "Kas",
    "Sum",
    "Tar",
    "Rah",
    "Yul",
    "Les",
    "Sus",
    "Dar",
    "Mar",
    "Nur",
    "Ind",
    "Ret",
    "Wid",
    "Puj",
    "Ris",
    "Win",
    "Sup",
    "Sug",
    "Har",
    "Jum",
    "Kus",
    "Mul",
    "Tum",
    "Ngat",
    "Sit",
    "Warn",
    "Yat",
    "Pon",
    "Rus",
    "Ten",
    "Lin",
    "Ayu",
    "Dew",
    "Fit",
    "Han",
    "Kar",
    "Lus",
    "Mas",
    "Nov",
    "Rat",
    "Sal",
    "Umi",
    "Zah",
    "Bud",
    "Ag",
    "Eko",
    "Jok",
    "Sut",
    "Wag",
    "Slam",
    "Mis",
    "Darm",
    "Suw",
    "Tri",
    "Wal",
    "Rud",
    "Ach",
    "Imr",
    "Fajr",
)
FEMALE_ENDINGS = (
    "wati",
    "ningsih",
    "yanti",
    "nah",
    "ani",
    "sari",
    "tun",
    "mi",
    "yah",
    "ini",
    "asih",
    "tini",
    "iyah",
    "ah",
    "rini",
    "lestari",
    "indah",
    "ayu",
)
MALE_ENDINGS = (
    "to",
    "no",
    "man",
    "di",
    "yo",
    "wan",
    "ri",
    "jo",
    "ono",
    "anto",
    "adi",
    "udin",
    "ar",
    "ik",
    "ul",
    "ir",
    "an",
    "di",
)
# Invented given names that read naturally on their own, used for about a third of people.
FEMALE_GIVEN = (
    "Wulansari",
    "Kinanthi",
    "Sekarayu",
    "Larasmi",
    "Puspitarum",
    "Anjaniwati",
    "Candrika",
    "Kemuning",
    "Mayangsih",
    "Ratnaningrum",
    "Sulastri",
    "Tanjungsari",
    "Widuri",
    "Yuliasmi",
    "Melatiwati",
    "Nirmalasih",
    "Pertiwiana",
    "Rengganis",
    "Sasmitarum",
    "Titisari",
)
MALE_GIVEN = (
    "Bagaskara",
    "Cahyono",
    "Damarjati",
    "Gilangraya",
    "Haryoko",
    "Jatmiko",
    "Kuncoro",
    "Legowo",
    "Mukti",
    "Nugroho",
    "Prasetyo",
    "Rahardjo",
    "Santosa",
    "Tirtayasa",
    "Wibisono",
    "Yudhistiro",
    "Baskoro",
    "Gunadi",
    "Purbaya",
    "Sasongko",
)
# Family-name-like second words (many Javanese have one name; about 60% get a second word).
SECOND_WORDS = (
    "Kartosuwiryo",
    "Wiryodiharjo",
    "Sastrowinoto",
    "Mangunkusumo",
    "Prawirodirjo",
    "Wongsosemito",
    "Atmosudiro",
    "Hadisucipto",
    "Reksohadi",
    "Kertowijoyo",
    "Siregarino",
    "Nasutiono",
    "Lubisana",
    "Harahapi",
    "Simanjuntara",
    "Pardedeo",
    "Tampubolona",
    "Manurungi",
    "Sitompuli",
    "Pohanto",
    "Rumbiak",
    "Wanggai",
    "Pattiselano",
    "Latuconsina",
    "Makatita",
    "Daeng Rani",
    "Andi Sompa",
    "Baso Tika",
    "Tengku Rais",
    "Cut Meutia",
    "Nyoman Sari",
    "Ketut Adi",
    "Made Asih",
    "Wayan Lodra",
    "Putu Yasa",
    "Ratulangi",
    "Mandagi",
    "Wowor",
    "Lumenta",
    "Pangemanan",
)
# Aliases used for child victims in lists and documents ("nama samaran").
ALIASES = ("Bunga", "Mawar", "Melati", "Anggrek", "Kenanga", "Dahlia", "Kamboja", "Teratai")

# --- places ---------------------------------------------------------------------------------

PLACE_STEMS = (
    "Suka",
    "Tirta",
    "Wana",
    "Giri",
    "Sari",
    "Karang",
    "Banyu",
    "Sido",
    "Mulya",
    "Tanjung",
    "Batu",
    "Pasir",
    "Sumber",
    "Kali",
    "Muara",
    "Teluk",
    "Bukit",
    "Rawa",
    "Lembah",
    "Padang",
    "Sungai",
    "Kebon",
    "Ngawi",
    "Wono",
    "Tegal",
    "Gunung",
    "Randu",
    "Jati",
    "Kedung",
    "Pandan",
)
PLACE_ENDINGS = (
    "maju",
    "jaya",
    "makmur",
    "rejo",
    "sari",
    "asri",
    "mulya",
    "agung",
    "indah",
    "luhur",
    "harjo",
    "wangi",
    "raya",
    "baru",
    "permai",
    "kencana",
    "lestari",
    "sejahtera",
    "utama",
    "damai",
    "tengah",
    "kidul",
    "lor",
    "wetan",
    "kulon",
)

# Real province codes and names; the regencies and cities generated inside them are not real
# (their codes use 50–69, a range Kemendagri does not assign: kabupaten are numbered from 01,
# kota from 71). Weights are rough shares of the national population.
PROVINCES: tuple[tuple[str, str, float], ...] = (
    ("11", "Aceh", 5.4),
    ("12", "Sumatera Utara", 15.4),
    ("13", "Sumatera Barat", 5.6),
    ("16", "Sumatera Selatan", 8.7),
    ("18", "Lampung", 9.2),
    ("31", "DKI Jakarta", 10.7),
    ("32", "Jawa Barat", 49.9),
    ("33", "Jawa Tengah", 37.5),
    ("34", "DI Yogyakarta", 3.7),
    ("35", "Jawa Timur", 41.4),
    ("36", "Banten", 12.3),
    ("51", "Bali", 4.4),
    ("52", "Nusa Tenggara Barat", 5.5),
    ("53", "Nusa Tenggara Timur", 5.5),
    ("61", "Kalimantan Barat", 5.5),
    ("64", "Kalimantan Timur", 3.9),
    ("71", "Sulawesi Utara", 2.7),
    ("73", "Sulawesi Selatan", 9.2),
    ("81", "Maluku", 1.9),
    ("91", "Papua", 1.1),
)
SYNTHETIC_REGENCY_CODES = tuple(range(50, 70))

# --- distributions (weights, not percentages) ------------------------------------------------

VIOLENCE_FORMS = {
    "seksual": 44,
    "fisik": 30,
    "psikis": 28,
    "mental": 4,
    "penelantaran": 8,
    "tppo": 1.5,
    "eksploitasi": 2.5,
    "lainnya": 7,
}
# How many forms a report names: one mostly, two often, three rarely.
FORM_COUNT = {1: 72, 2: 23, 3: 5}
PLACES = {
    "rumah_tangga": 58,
    "fasilitas_umum": 10,
    "sekolah": 6,
    "tempat_kerja": 3,
    "lembaga_pendidikan_kilat": 0.5,
    "daring": 6,
    "lainnya": 13,
    "tidak_tahu": 3.5,
}
CHANNELS = {
    "datang_langsung": 30,
    "telepon": 20,
    "web": 12,
    "penjangkauan": 8,
    "rujukan_polisi": 10,
    "rujukan_rs": 6,
    "rujukan_sekolah": 5,
    "rujukan_sapa129": 6,
    "surat": 3,
}
REPORTER_RELATIONS = {
    "korban": 32,
    "keluarga": 38,
    "tetangga": 9,
    "tokoh_masyarakat": 7,
    "guru_sekolah": 6,
    "lainnya": 8,
}
CONTACT_CHANNELS = {"telepon": 35, "whatsapp": 45, "sms": 4, "email": 2, "jangan": 14}
RISK = {"tinggi": 18, "sedang": 52, "rendah": 30}
# Age bands of victims (years, inclusive) with weights: children are the majority.
VICTIM_AGES = (
    ((0, 5), 8),
    ((6, 12), 20),
    ((13, 17), 31),
    ((18, 24), 12),
    ((25, 44), 22),
    ((45, 59), 5),
    ((60, 85), 2),
)
PERPETRATOR_AGES = (((13, 17), 12), ((18, 24), 20), ((25, 44), 45), ((45, 59), 18), ((60, 80), 5))
RELATIONSHIPS = {
    "pacar_teman": 22,
    "suami_istri": 20,
    "orang_tua": 11,
    "keluarga": 10,
    "tetangga": 10,
    "guru": 3,
    "majikan": 1,
    "rekan_kerja": 2,
    "lainnya": 12,
    "tidak_diketahui": 9,
}
RELIGIONS = {
    "islam": 86,
    "kristen": 7.5,
    "katolik": 3,
    "hindu": 1.7,
    "buddha": 0.7,
    "konghucu": 0.1,
    "kepercayaan": 0.1,
    "tidak_diketahui": 1,
}
ADULT_OCCUPATIONS = {
    "ibu_rumah_tangga": 30,
    "buruh": 14,
    "wiraswasta": 14,
    "karyawan": 12,
    "tidak_bekerja": 10,
    "petani_nelayan": 6,
    "asn_tni_polri": 2,
    "pekerja_migran": 2,
    "lainnya": 5,
    "tidak_diketahui": 5,
}
ADULT_EDUCATION = {
    "sd": 22,
    "smp": 24,
    "sma": 34,
    "perguruan_tinggi": 9,
    "tidak_sekolah": 5,
    "lainnya": 6,
}
ADULT_MARITAL = {
    "menikah": 55,
    "belum_menikah": 22,
    "cerai_hidup": 12,
    "cerai_mati": 5,
    "nikah_siri": 6,
}
CLOSURE_REASONS = {
    "tujuan_tercapai": 70,
    "dirujuk_keluar": 7,
    "korban_menolak": 9,
    "pindah": 4,
    "tidak_dapat_dihubungi": 7,
    "meninggal": 0.3,
    "lainnya": 2.7,
}
NOT_CASE_REASONS = {
    "bukan_kekerasan": 35,
    "duplikat": 20,
    "informasi_kurang": 25,
    "laporan_palsu": 5,
    "dicabut": 8,
    "layanan_lain": 7,
}
# What happens to a report: a new case, attached to an existing case, referred outside the
# region, or closed as not a case.
REPORT_OUTCOMES = {"case": 82, "attach": 5, "refer_out": 3, "not_case": 10}
DOCUMENT_KINDS = {"visum": 35, "laporan_polisi": 30, "ktp": 10, "kk": 8, "foto": 7, "surat": 10}
# Services planned per form of violence (weights); every plan also gets a home visit or
# psychosocial support often enough that those lead the national counts, as they do.
SERVICES_BY_FORM = {
    "seksual": {
        "visum": 5,
        "medikolegal": 3,
        "psikososial": 6,
        "hukum": 4,
        "medis": 2,
        "rumah_aman": 1,
        "rohani": 1,
    },
    "fisik": {"visum": 4, "medis": 4, "hukum": 3, "psikososial": 3, "rumah_aman": 1},
    "psikis": {"psikososial": 6, "rohani": 2, "kunjungan_rumah": 2, "hukum": 1},
    "mental": {"psikososial": 6, "rohani": 2, "kunjungan_rumah": 2},
    "penelantaran": {"kunjungan_rumah": 5, "reintegrasi": 3, "psikososial": 2},
    "tppo": {"pemulangan": 4, "reintegrasi": 4, "rumah_aman": 3, "hukum": 3, "medis": 1},
    "eksploitasi": {"hukum": 3, "psikososial": 3, "reintegrasi": 2, "rumah_aman": 1},
    "lainnya": {"psikososial": 3, "kunjungan_rumah": 3, "pengaduan": 1},
}
# Service code spellings differ between the casework plan (cases.choices.Service) and the
# service catalogue (partners.choices.ServiceCode); both are accepted and matched at run time.
SERVICE_ALIASES = {
    "hukum": ("hukum", "bantuan_hukum"),
    "rohani": ("rohani", "tokoh_agama"),
    "pemulangan": ("pemulangan", "reintegrasi"),
}
ORGANISATION_KINDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("puskesmas", "Puskesmas {place}", ("medis", "visum", "kunjungan_rumah")),
    ("rsud", "RSUD {kota}", ("medis", "medikolegal", "visum")),
    ("unit_ppa", "Unit PPA Polres {kota}", ("hukum",)),
    ("lbh", "LBH {kota}", ("hukum",)),
    ("psikolog", "Biro Psikologi {place}", ("psikososial",)),
    ("kua", "KUA Kecamatan {place}", ("rohani",)),
    ("dinsos", "Dinas Sosial {kota}", ("reintegrasi", "kunjungan_rumah")),
)

# Monthly seasonality (January … December): school holidays (June–July, December) and the
# weeks after Lebaran bring more reports; the fasting month a little fewer.
SEASON = (1.08, 0.98, 1.0, 0.95, 0.97, 1.05, 1.12, 1.04, 0.98, 1.0, 0.93, 1.06)
# Reports grow as awareness and reporting channels grow (SIMFONI counts roughly doubled over
# the last decade): +8% a year.
ANNUAL_GROWTH = 1.08

# Short, neutral building blocks for chronologies and notes (encrypted at rest like real ones).
CHRONOLOGY = (
    "Korban menceritakan kejadian kepada {who} pada {when}.",
    "Kejadian berulang sejak beberapa bulan terakhir menurut keterangan {who}.",
    "Pelapor melihat tanda-tanda kekerasan dan menghubungi layanan.",
    "Korban datang didampingi {who} dan meminta pendampingan.",
    "Kejadian terjadi di {place_text}; korban dalam keadaan takut.",
    "Data ini sintetis untuk uji beban; tidak menggambarkan orang sebenarnya.",
)
WHO = ("ibu", "kakak", "guru", "tetangga", "ketua RT", "teman", "bidan desa", "paman")
WHEN = ("malam hari", "sore hari", "akhir pekan", "pagi hari", "saat pulang sekolah")
PLACE_TEXT = ("rumah", "jalan kampung", "sekolah", "tempat kerja", "rumah kerabat", "pasar")
NOTES = (
    "Kunjungan lanjutan: kondisi korban membaik.",
    "Koordinasi dengan penyedia layanan untuk jadwal pendampingan.",
    "Korban meminta waktu sebelum melanjutkan proses hukum.",
    "Pendamping menghubungi wali korban; jadwal konseling disepakati.",
    "Catatan sintetis untuk uji beban.",
)
