"""Single-line text people type (titles, names, organisations) as readers should see it.

    single_line("invoice\u202egpj.exe")  ->  "invoicegpj.exe"

A bidi override, embedding or isolate (U+202A-U+202E, U+2066-U+2069) inside a
title makes readers see the characters in another order ("invoice‮gpj.exe"
reads "invoiceexe.jpg"); control characters have no business in a line either.
They are removed; line breaks and tabs become spaces. The marks that Arabic,
Persian and mixed-script names legitimately use stay: the right-to-left,
left-to-right and Arabic letter marks (which order nothing by themselves) and
the zero-width (non-)joiners. Multi-line bodies are Markdown and keep them all.
"""

import unicodedata

from django import forms

# Invisible formatting characters that change no order and that people type on purpose.
KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d\u200e\u200f\u061c")
LINE_BREAKS = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029")


def _clean(char: str) -> str:
    if char in LINE_BREAKS:
        return " "
    category = unicodedata.category(char)
    if category == "Cc" or (category == "Cf" and char not in KEPT_FORMAT_CHARACTERS):
        return ""
    return char


def single_line(text: str) -> str:
    """`text` without bidi controls or control characters, line breaks as spaces, trimmed."""
    return "".join(map(_clean, text or "")).strip()


class SingleLineField(forms.CharField):
    """A `CharField` whose value goes through `single_line`: use it for every one-line text."""

    def to_python(self, value):
        value = super().to_python(value)
        return single_line(value) if value else value


def isolate(value) -> str:
    """`value` between the Unicode isolates FSI and PDI, for plain text (messages, text emails).

    What `<bdi>` does in HTML: a Latin name or an address inside an Arabic sentence
    (or the reverse) keeps its own order and leaves the sentence's punctuation alone.
    """
    return f"\u2068{value}\u2069"


# --- Sorting names as readers expect ------------------------------------------------
# Hamza forms file under their bare letter, taa marbuta and alef maqsura under the letters
# they are read as; diacritics and tatweel count for nothing.
SORT_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ء": None,
        "ة": "ه",
        "ى": "ي",
        "ـ": None,
    }
)
DIACRITICS = frozenset(
    chr(c) for c in (*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE))
)


def collation_key(name: str) -> str:
    """The key that sorts names (countries...) as an Arabic or English reader looks them up.

    Code-point order puts every "ال…" name first and "إيران" before "الأردن"; an
    Arabic index ignores the article and the hamza's seat: "الأردن" files under
    "اردن", "إيران" under "ايران", "اليمن" under "يمن". English ignores a leading
    "The" and letter case.
    """
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = "".join(char for char in text if char not in DIACRITICS).translate(SORT_FOLD)
    if text.startswith("ال") and len(text.split(" ", 1)[0]) > 3:
        text = text[2:]
    text = text.casefold()
    if text.startswith("the "):
        text = text[4:]
    return text
