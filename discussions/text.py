"""What is particular to discussions' text: the language a post is written in, and the
folding and excerpts of search.

Turning Markdown into safe HTML is the platform's (`cop.markdown.render_markdown`).
"""

import html as html_lib
import re
import unicodedata

from django.utils.html import escape, strip_tags

ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


# Links, addresses and code are Latin whatever language the member writes in.
# Each alternative stops at the next delimiter and addresses start only after one,
# so a 20,000-character post without spaces is scanned in linear time.
NOT_PROSE = re.compile(
    r"```.*?```|`[^`]*`|\]\([^)\]]*\)|<[^<>]*>"
    r"|(?<![^\s(<\[])(?:https?://|www\.|[^\s@()<>\[\]]+@)[^\s()<>\[\]]*",
    re.S,
)


def detect_language(text: str) -> str:
    """`ar` when Arabic letters are at least as many as Latin ones, else `en`.

    Only the prose counts: an Arabic post quoting a long link or a code sample is Arabic.
    """
    prose = NOT_PROSE.sub(" ", text or "")
    arabic = len(ARABIC_LETTER.findall(prose))
    latin = len(LATIN_LETTER.findall(prose))
    return "ar" if arabic and arabic >= latin else "en"


# Folding used on both the indexed text and the query, so spelling variants meet.
ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ـ": None,  # tatweel
    }
)
TASHKEEL = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")


def normalise(text: str) -> str:
    """Fold Arabic letter variants, drop diacritics and tatweel, lower-case Latin."""
    text = unicodedata.normalize("NFKC", text or "")
    text = TASHKEEL.sub("", text)
    return text.translate(ARABIC_FOLD).lower()


# Arabic attaches the article (and "and", "with", "for"...) to the word: "للأسرة",
# "والأسرة" and "الأسرة" should all meet "أسرة". Stripped only when a stem of
# three letters or more remains, on both the indexed text and the query.
ARABIC_ARTICLE = re.compile(
    r"(?<![\w\u0600-\u06FF])(?:وال|بال|كال|فال|لل|ال)(?=[\u0620-\u064A]{3,})"
)


def fold_for_search(text: str) -> str:
    """`normalise`, then drop attached Arabic articles: the form both index and query take."""
    return ARABIC_ARTICLE.sub("", normalise(text))


def plain_text(html: str) -> str:
    """The text of rendered HTML, entities decoded: `R&amp;D` reads `R&D` again.

    The result is plain text, not HTML: whoever prints it escapes it (templates
    autoescape, `highlight` escapes), so decoding here never lets markup through.
    """
    return re.sub(r"\s+", " ", html_lib.unescape(strip_tags(html or ""))).strip()


# Words include their diacritics and tatweel, which \w alone would split on.
WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u0640]+")
ENGLISH_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s")


def _stem(word: str) -> str:
    for suffix in ENGLISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def query_terms(query: str) -> list[str]:
    return [_stem(term) for term in WORD.findall(fold_for_search(query)) if len(term) > 1]


def highlight(text: str, query: str, *, width: int = 240) -> str:
    """An HTML-escaped excerpt of `text` around the first match, matched words in <mark>.

    Matching folds Arabic variants and English endings the same way the index
    does; every piece of member text is escaped before it is wrapped.
    """
    terms = query_terms(query)
    if not text:
        return ""
    spans = []
    for match in WORD.finditer(text):
        word = _stem(fold_for_search(match.group()))
        if any(word == term or (len(term) >= 3 and word.startswith(term)) for term in terms):
            spans.append(match.span())
    start = 0
    if spans and spans[0][0] > width // 3:
        start = text.rfind(" ", 0, spans[0][0] - width // 3) + 1
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(out) + suffix
