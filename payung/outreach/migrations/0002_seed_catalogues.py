"""The starting catalogues: activity types, topics and a quiz bank per topic. Rows the
outreach officer or system admin edited are left alone (matched by code / text)."""

from django.db import migrations

TYPES = [
    ("sosialisasi_kelurahan", "Sosialisasi di kelurahan", False),
    ("pengajian", "Pengajian / majelis taklim (Kemenag / KUA)", True),
    ("dprd", "Sosialisasi bersama DPRD", False),
    ("sekolah", "Sosialisasi di sekolah", False),
    ("posyandu_pkk", "Posyandu / PKK", False),
    ("forum_anak", "Kegiatan Forum Anak", False),
    ("kampanye_media", "Kampanye radio / media sosial", False),
]

TOPICS = [
    ("kdrt", "Kekerasan dalam rumah tangga (KDRT)"),
    ("kekerasan_seksual", "Kekerasan seksual dan UU TPKS"),
    ("perkawinan_anak", "Perkawinan anak"),
    ("pengasuhan", "Pengasuhan positif"),
    ("aman_digital", "Keamanan digital dan kecanduan gawai"),
    ("ppt_lapor", "PPT dan cara melapor"),
    ("hak_anak", "Hak anak"),
]

# (topic, question, options, index of the right answer)
QUESTIONS = [
    ("kdrt", "KDRT hanya berupa kekerasan fisik.", ["Benar", "Salah"], 1),
    ("kdrt", "Siapa yang boleh melaporkan KDRT?", ["Hanya korban", "Siapa saja yang mengetahui", "Hanya polisi"], 1),
    ("kdrt", "Menelantarkan anggota keluarga termasuk KDRT.", ["Benar", "Salah"], 0),
    ("kdrt", "Undang-undang yang mengatur KDRT adalah …", ["UU 23/2004 (PKDRT)", "UU Lalu Lintas", "UU Perkawinan saja"], 0),
    ("kekerasan_seksual", "Pelecehan lewat pesan atau foto di media sosial termasuk kekerasan seksual.", ["Benar", "Salah"], 0),
    ("kekerasan_seksual", "UU TPKS adalah undang-undang tentang …", ["Tindak Pidana Kekerasan Seksual", "Pajak kendaraan", "Pendidikan"], 0),
    ("kekerasan_seksual", "Korban kekerasan seksual berhak atas pendampingan dan layanan pemulihan.", ["Benar", "Salah"], 0),
    ("kekerasan_seksual", "Kekerasan seksual boleh diselesaikan dengan menikahkan korban dan pelaku.", ["Benar", "Salah"], 1),
    ("perkawinan_anak", "Batas usia minimal menikah untuk perempuan dan laki-laki adalah …", ["16 tahun", "19 tahun", "21 tahun"], 1),
    ("perkawinan_anak", "Perkawinan anak berisiko bagi kesehatan ibu dan bayi.", ["Benar", "Salah"], 0),
    ("perkawinan_anak", "Memaksa anak menikah dapat dipidana menurut UU TPKS.", ["Benar", "Salah"], 0),
    ("pengasuhan", "Memukul adalah cara terbaik mendisiplinkan anak.", ["Benar", "Salah"], 1),
    ("pengasuhan", "Mendengarkan anak bercerita membantu anak berani melapor bila ada masalah.", ["Benar", "Salah"], 0),
    ("pengasuhan", "Anak perlu tahu bagian tubuh yang tidak boleh disentuh orang lain.", ["Benar", "Salah"], 0),
    ("aman_digital", "Orang yang baru dikenal di internet meminta foto pribadi. Apa yang sebaiknya dilakukan?", ["Mengirim saja", "Menolak dan memberi tahu orang dewasa yang dipercaya", "Merahasiakannya"], 1),
    ("aman_digital", "Ancaman menyebarkan foto pribadi untuk meminta uang atau foto lain disebut …", ["Sekstorsi", "Belanja daring", "Unggahan biasa"], 0),
    ("aman_digital", "Tanda kecanduan gawai antara lain sulit tidur dan marah bila gawai diambil.", ["Benar", "Salah"], 0),
    ("aman_digital", "Perundungan di media sosial (cyberbullying) sebaiknya …", ["Dibalas dengan hinaan", "Disimpan buktinya dan dilaporkan", "Dibiarkan saja"], 1),
    ("ppt_lapor", "Di mana warga Kota Pasuruan dapat melapor kekerasan terhadap perempuan dan anak?", ["PPT di kelurahan", "Tidak ada tempat melapor", "Hanya di Jakarta"], 0),
    ("ppt_lapor", "Nomor layanan SAPA untuk melapor kekerasan adalah …", ["129", "112", "108"], 0),
    ("ppt_lapor", "Pelapor boleh tidak menyebutkan namanya.", ["Benar", "Salah"], 0),
    ("hak_anak", "Anak berhak dilindungi dari kekerasan dan penelantaran.", ["Benar", "Salah"], 0),
    ("hak_anak", "Anak berhak menyampaikan pendapat, misalnya lewat Forum Anak.", ["Benar", "Salah"], 0),
    ("hak_anak", "Mempekerjakan anak di tempat berbahaya diperbolehkan.", ["Benar", "Salah"], 1),
]


def seed(apps, schema_editor):
    ActivityType = apps.get_model("outreach", "ActivityType")
    Topic = apps.get_model("outreach", "Topic")
    QuizQuestion = apps.get_model("outreach", "QuizQuestion")
    for order, (code, name, religious) in enumerate(TYPES):
        ActivityType.objects.get_or_create(
            code=code, defaults={"name": name, "religious": religious, "order": order}
        )
    topics = {}
    for order, (code, name) in enumerate(TOPICS):
        topics[code], _ = Topic.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
    for topic, text, options, correct in QUESTIONS:
        QuizQuestion.objects.get_or_create(
            topic=topics[topic], text=text, defaults={"options": options, "correct": correct}
        )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
