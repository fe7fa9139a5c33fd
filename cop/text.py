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
