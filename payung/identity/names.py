"""Folding people's names for matching, and the keyed tokens that let staff search encrypted
names without the database holding them.

"Bu Siti  Aminah." and "SITI AMINAH" fold to ``siti aminah`` (accents, case, punctuation and
honorifics dropped). The full-name index is an HMAC of the folded name with its spaces removed
("Siti Aminah" = "SitiAminah"), and each word gets its own HMAC token so one word finds the
person. docs/casework.md explains why this and not trigram similarity. Every registry of
people folds and tokenises names here, so one spelling rule holds everywhere.
"""

from __future__ import annotations

import re
import unicodedata

from payung.identity import blind_index

HONORIFICS = frozenset(
    {
        "ibu",
        "bu",
        "bapak",
        "pak",
        "an",
        "anak",
        "adik",
        "dik",
        "mbak",
        "mas",
        "sdr",
        "sdri",
        "nn",
        "ny",
        "tn",
    }
)
# "(nama samaran)" and similar remarks are not part of a name.
_PARENTHESES = re.compile(r"\([^)]*\)")
MIN_TOKEN_LENGTH = 2


def normalise_person_name(name: str) -> str:
    """Fold accents, case, punctuation and honorifics: "Bu Siti Aminah." → "siti aminah"."""
    text = _PARENTHESES.sub(" ", name or "")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z]+", text) if w and w not in HONORIFICS]
    return " ".join(words)


def name_key(name: str) -> str:
    return normalise_person_name(name).replace(" ", "")


def name_index(name: str) -> str:
    key = name_key(name)
    return blind_index.index(key, blind_index.PERSON_NAME)


def word_tokens(*names: str) -> set[str]:
    words: set[str] = set()
    for name in names:
        words.update(w for w in normalise_person_name(name).split() if len(w) >= MIN_TOKEN_LENGTH)
    return {blind_index.index(w, blind_index.PERSON_NAME_WORD) for w in words}
