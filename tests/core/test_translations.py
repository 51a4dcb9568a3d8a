"""The English catalogue (payung/locale/en): complete, compiled, and actually used.

The UI is written in Bahasa Indonesia; English comes from payung/locale/en/LC_MESSAGES.
Both django.po and the compiled django.mo are committed (a fresh machine may lack GNU
gettext's msgfmt), so these tests check that

* the .mo says what the .po says (someone edited the .po and forgot compilemessages);
* every message in the .po has an English translation that is not fuzzy;
* every string marked for translation in the source is in the .po (someone added a string
  and forgot makemessages), when GNU gettext is installed to extract them;
* placeholders and HTML survive translation;
* choosing English on the language switch really shows English pages.

To update after changing strings:

    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules \\
        --ignore=var --ignore=tests --ignore=e2e --ignore=bench
    # translate every empty or "#, fuzzy" entry in payung/locale/en/LC_MESSAGES/django.po
    .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules
"""

from __future__ import annotations

import gettext
import html
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

MAKEMESSAGES = (
    ".venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules "
    "--ignore=var --ignore=tests --ignore=e2e --ignore=bench"
)
COMPILEMESSAGES = ".venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules"


def catalogue_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"


# --- a small .po reader ----------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def forms(self) -> list[str]:
        """Every translated form: one for a simple message, one per plural form otherwise."""
        if self.msgid_plural is None:
            return [self.msgstr]
        return [
            self.msgstr_plural.get(i, "") for i in range(max(self.msgstr_plural, default=0) + 1)
        ]

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return not self.fuzzy and all(self.forms)

    def where(self) -> str:
        label = repr(self.msgid) if self.msgctxt is None else f"{self.msgctxt!r} | {self.msgid!r}"
        refs = " ".join(self.references[:3])
        return f"{label}  ({refs})" if refs else label


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def _unquote(quoted: str) -> str:
    quoted = quoted.strip()
    if len(quoted) < 2 or not (quoted.startswith('"') and quoted.endswith('"')):
        raise ValueError(f"not a quoted PO string: {quoted!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), quoted[1:-1])


def parse_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """Return the header fields and the entries (the header entry itself excluded)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}  # keyword ("msgid", "msgstr[1]", ...) -> text so far
    flags: set[str] = set()
    references: list[str] = []
    obsolete = False
    last: str | None = None

    def finish() -> None:
        nonlocal flags, references, obsolete, last
        if "msgid" in fields:
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    msgid_plural=fields.get("msgid_plural"),
                    msgctxt=fields.get("msgctxt"),
                    msgstr=fields.get("msgstr", ""),
                    msgstr_plural={
                        int(key[7:-1]): value
                        for key, value in fields.items()
                        if key.startswith("msgstr[")
                    },
                    flags=flags,
                    references=references,
                    obsolete=obsolete,
                )
            )
        fields.clear()
        flags, references, obsolete, last = set(), [], False, None

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        is_obsolete = line.startswith("#~")
        if is_obsolete:
            line = line[2:].strip()
            if line.startswith(("|", "#")):  # "#~|": the previous msgid of an obsolete entry
                continue
        if not line:
            if not is_obsolete:
                finish()
            continue
        if line.startswith("#"):
            if fields:
                finish()  # a comment after a message starts the next entry
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                references.extend(line[2:].split())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, quoted = match.group(1), match.group(3)
            if keyword in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in fields):
                finish()  # a new entry without a blank line in between
            fields[keyword] = _unquote(quoted)
            obsolete = obsolete or is_obsolete
            last = keyword
        elif line.startswith('"') and last is not None:
            fields[last] += _unquote(line)
        else:
            raise ValueError(f"{path}:{lineno}: cannot read {raw!r}")
    finish()

    header: dict[str, str] = {}
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            for header_line in entry.msgstr.splitlines():
                name, _, value = header_line.partition(":")
                header[name.strip()] = value.strip()
    messages = [e for e in entries if not (e.msgid == "" and e.msgctxt is None)]
    return header, messages


def live_entries(path: Path) -> list[Entry]:
    """Entries Django can use or should: not the obsolete "#~" ones."""
    return [e for e in parse_po(path)[1] if not e.obsolete]


@pytest.fixture(scope="module")
def po_path() -> Path:
    path = catalogue_dir() / "django.po"
    assert path.is_file(), f"{path} is missing: run {MAKEMESSAGES}"
    return path


@pytest.fixture(scope="module")
def entries(po_path: Path) -> list[Entry]:
    return live_entries(po_path)


# --- the reader itself -----------------------------------------------------------------------


def test_the_po_reader_handles_multiline_plural_fuzzy_and_obsolete_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\n'
        'msgstr ""\n'
        '"Language: en\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
        "\n"
        "#: a.py:1\n"
        'msgid ""\n'
        '"Satu baris "\n'
        '"panjang \\"dikutip\\"\\n"\n'
        'msgstr "One long \\"quoted\\" line\\n"\n'
        "\n"
        "#, python-format\n"
        'msgid "%(n)s kode"\n'
        'msgid_plural "%(n)s kode"\n'
        'msgstr[0] "%(n)s code"\n'
        'msgstr[1] ""\n'
        '"%(n)s codes"\n'
        "\n"
        "#, fuzzy\n"
        '#| msgid "Lama"\n'
        'msgid "Baru"\n'
        'msgstr "Old"\n'
        "\n"
        'msgctxt "menu"\n'
        'msgid "Buka"\n'
        'msgstr "Open"\n'
        "\n"
        '#~ msgid "Dihapus"\n'
        '#~ msgstr "Removed"\n',
        encoding="utf-8",
    )
    header, parsed = parse_po(po)
    assert header["Language"] == "en"
    by_id = {e.msgid: e for e in parsed}
    assert by_id['Satu baris panjang "dikutip"\n'].msgstr == 'One long "quoted" line\n'
    assert by_id['Satu baris panjang "dikutip"\n'].references == ["a.py:1"]
    assert by_id["%(n)s kode"].forms == ["%(n)s code", "%(n)s codes"]
    assert by_id["%(n)s kode"].flags == {"python-format"}
    assert by_id["Baru"].fuzzy and not by_id["Baru"].translated
    assert by_id["Buka"].msgctxt == "menu"
    assert by_id["Dihapus"].obsolete
    assert [e.msgid for e in live_entries(po)] == [
        'Satu baris panjang "dikutip"\n',
        "%(n)s kode",
        "Baru",
        "Buka",
    ]


# --- (a) the compiled catalogue matches the .po ----------------------------------------------


def test_the_compiled_mo_is_up_to_date_with_the_po(entries: list[Entry]) -> None:
    mo_path = catalogue_dir() / "django.mo"
    assert mo_path.is_file(), f"{mo_path} is missing: run {COMPILEMESSAGES} and commit it"
    with mo_path.open("rb") as fp:
        mo = gettext.GNUTranslations(fp)
    assert mo.info().get("language") == "en"

    def sample_n(index: int) -> int:
        """A number that selects plural form `index` under the catalogue's Plural-Forms."""
        return next(n for n in range(1000) if mo.plural(n) == index)  # type: ignore[attr-defined]

    stale = []
    for entry in entries:
        if entry.fuzzy:
            continue  # msgfmt leaves fuzzy entries out, and Django ignores them
        if entry.msgid_plural is None:
            if not entry.msgstr:
                continue
            if entry.msgctxt is None:
                got = mo.gettext(entry.msgid)
            else:
                got = mo.pgettext(entry.msgctxt, entry.msgid)
            if got != entry.msgstr:
                stale.append(f"{entry.where()}: .po says {entry.msgstr!r}, .mo gives {got!r}")
            continue
        for index, expected in enumerate(entry.forms):
            if not expected:
                continue
            n = sample_n(index)
            if entry.msgctxt is None:
                got = mo.ngettext(entry.msgid, entry.msgid_plural, n)
            else:
                got = mo.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            if got != expected:
                stale.append(f"{entry.where()} [n={n}]: .po says {expected!r}, .mo gives {got!r}")
    assert not stale, (
        f"django.mo is out of date with django.po ({len(stale)} messages); run "
        f"{COMPILEMESSAGES} and commit the .mo:\n" + "\n".join(stale)
    )


# --- (b) nothing is left untranslated --------------------------------------------------------


def test_every_message_has_an_english_translation(po_path: Path, entries: list[Entry]) -> None:
    assert entries, f"{po_path} has no messages: run {MAKEMESSAGES}"
    missing = [entry.where() for entry in entries if not entry.translated]
    assert not missing, (
        f"{len(missing)} messages in {po_path} have no English translation "
        "(empty, or marked fuzzy, which Django ignores). Translate them, remove the "
        f"'#, fuzzy' flag, and run {COMPILEMESSAGES}:\n" + "\n".join(missing)
    )


def test_the_header_declares_english_and_its_plural_forms(po_path: Path) -> None:
    header, _ = parse_po(po_path)
    assert header.get("Language") == "en"
    assert header.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in header.get("Content-Type", "")


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msguniq")),
    reason="GNU gettext is not installed: cannot extract the source strings",
)
def test_every_string_marked_in_the_source_is_in_the_po(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings, entries: list[Entry]
) -> None:
    """Catches a string added to a template or to Python code without running makemessages.

    Extraction runs on a copy of the package, so makemessages' temporary files never land in
    the working tree.
    """
    source = Path(settings.BASE_DIR) / "payung"
    copy = tmp_path / "payung"
    shutil.copytree(
        source,
        copy,
        ignore=shutil.ignore_patterns(
            "locale", "static", "__pycache__", "*.pyc", "*.html.py", "*.txt.py"
        ),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["en"], verbosity=0)
    extracted = live_entries(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert extracted, "makemessages extracted nothing"

    known = {(e.msgctxt, e.msgid, e.msgid_plural) for e in entries}
    missing = [e.where() for e in extracted if (e.msgctxt, e.msgid, e.msgid_plural) not in known]
    assert not missing, (
        f"{len(missing)} strings marked for translation are not in the English catalogue. "
        f"Run {MAKEMESSAGES}, translate them, then run {COMPILEMESSAGES}:\n" + "\n".join(missing)
    )


# --- placeholders and markup survive ---------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[A-Za-z_]\w*\}")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def test_translations_keep_placeholders_and_html(entries: list[Entry]) -> None:
    broken = []
    for entry in entries:
        if not entry.translated:
            continue
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        want_placeholders = sorted(set().union(*(_PLACEHOLDER.findall(s) for s in sources)))
        want_tags = sorted(_TAG.findall(entry.msgid))
        for form in entry.forms:
            got = sorted(set(_PLACEHOLDER.findall(form)))
            # A singular form may leave out the number ("One code" for "%(n)s codes").
            if got != want_placeholders and not (
                entry.msgid_plural and set(got) < set(want_placeholders)
            ):
                broken.append(
                    f"{entry.where()}: placeholders {want_placeholders} became {got} in {form!r}"
                )
            if sorted(_TAG.findall(form)) != want_tags:
                broken.append(f"{entry.where()}: HTML {want_tags} changed in {form!r}")
    assert not broken, "\n".join(broken)


# --- (c) end to end: the switch selects English, and the pages are in English --------------


def page_text(content: bytes) -> str:
    return " ".join(html.unescape(content.decode()).split())


class _TextNodes(HTMLParser):
    """Each piece of text a reader sees or hears: text between tags, and labelling attributes."""

    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: set[str] = set()
        self._skip = 0

    def _add(self, text: str | None) -> None:
        text = " ".join((text or "").split())
        if text:
            self.nodes.add(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES:
                self._add(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._add(data)


def text_nodes(content: bytes) -> set[str]:
    parser = _TextNodes()
    parser.feed(content.decode())
    parser.close()
    return parser.nodes


ENGLISH_PAGES = {
    "/": {
        "Quick exit": "Keluar cepat",
        "Protecting women and children from violence in Pasuruan City": (
            "Perlindungan perempuan dan anak dari kekerasan di Kota Pasuruan"
        ),
        "How to get help": "Cara mendapatkan bantuan",
        "Make a report": "Buat laporan",
        "Find the nearest PPT": "Cari PPT terdekat",
        "This help is confidential": "Bantuan ini rahasia",
        "Free and confidential service": "Layanan gratis dan rahasia",
    },
    "/ppt/": {
        "Quick exit": "Keluar cepat",
        "Integrated service posts (PPT) and service centre": (
            "Pos Pelayanan Terpadu (PPT) dan pusat layanan"
        ),
        "PPTs by kecamatan": "PPT per kecamatan",
        "Opening hours": "Jam layanan",
    },
    "/akun/masuk/": {
        "Staff login": "Masuk untuk petugas",
        "Username": "Nama pengguna",
        "Password": "Kata sandi",
        "Want to report violence? You do not need an account.": (
            "Ingin melapor kekerasan? Anda tidak perlu akun."
        ),
    },
}


@pytest.fixture
def english_client(db: None) -> Client:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


@pytest.mark.parametrize("url", list(ENGLISH_PAGES))
def test_english_pages_show_english_and_not_the_indonesian_originals(
    english_client: Client, entries: list[Entry], url: str
) -> None:
    response = english_client.get(url)
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    text = page_text(response.content)
    for english, indonesian in ENGLISH_PAGES[url].items():
        assert english in text, f"{url}: expected {english!r}"
        assert indonesian not in text, f"{url}: still shows {indonesian!r}"

    # No heading, label, button or sentence of the catalogue is left in Indonesian. Whole
    # pieces of text are compared, so Indonesian data (addresses, names) cannot match.
    nodes = text_nodes(response.content)
    leftovers = [
        e.msgid
        for e in entries
        if e.msgid_plural is None
        and e.msgstr != e.msgid  # not names that read the same in English
        and " " in e.msgid.strip()
        and not _PLACEHOLDER.search(e.msgid)
        and not _TAG.search(e.msgid)
        and (e.msgid in nodes or e.msgid.rstrip(":") in nodes)
    ]
    assert not leftovers, f"{url} still shows Indonesian text: {leftovers}"


def test_indonesian_stays_the_default(db: None) -> None:
    text = page_text(Client().get("/").content)
    assert "Keluar cepat" in text
    assert "Quick exit" not in text
