"""The language machinery of search, shared by every app that indexes text.

One analyser turns text into the words it is searched by, on both sides:
what an app stores (`index_text`) and what a reader types (`cop.search.query`).

- Arabic: letter variants folded and diacritics and tatweel dropped
  (`normalise`), then a light stemmer: the attached article and the
  conjunctions and prepositions carried with it (ال، وال، بال، كال، فال، لل),
  sound plurals (ات، ون، ين), the feminine ending (ة), the nisba (ي، ية، يات،
  يون، يين). Each rule keeps a stem of three letters at least, and the
  masculine plurals four, so that تأمين, قانون or تعاون keep their last
  letters. A bare و، ب or ل is part of too many words (برنامج، بطالة، لجنة،
  وزارة) to be cut for sure: a word of five letters or more that begins with
  one is indexed under both readings, and a query word is looked for under both.
- English: the Snowball (Porter 2) stemmer, the one PostgreSQL's `english`
  configuration uses: "targeted" and "targeting" both give "target".
- Common words of both languages are dropped on both sides.

The output is plain words separated by spaces; apps store it in a text column
(the fallback's haystack) and, on PostgreSQL, as `to_tsvector('simple', …)`
so that the database does no stemming of its own on top.
"""

import html as html_lib
import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape, strip_tags

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
# Words include their diacritics and tatweel, which \w alone would split on.
WORD = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u0640]+")
ARABIC_WORD = re.compile(r"^[\u0620-\u064A\u0671-\u06D3]+$")

ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
ARABIC_LOOSE_PREFIXES = "وبل"
# (ending, shortest stem it may leave), longest endings first.
ARABIC_SUFFIXES = (
    ("يات", 3),
    ("يون", 3),
    ("يين", 3),
    ("ات", 3),
    ("ون", 4),
    ("ين", 4),
    ("يه", 3),
    ("ه", 3),
    ("ي", 3),
)

# Written as `normalise` leaves them.
ENGLISH_STOP_WORDS = """a an and are as at be but by for from has have in into is it its of on or
so than that the their there these this those to was were which who will with"""
ARABIC_STOP_WORDS = """في من الي عن مع او ان اذا التي الذي الذين هذا هذه ذلك تلك ما لا لم لن قد ثم
هو هي هم كل كان كانت بين حول عند"""
STOP_WORDS = frozenset(f"{ENGLISH_STOP_WORDS} {ARABIC_STOP_WORDS}".split())

_english = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """Fold Arabic letter variants, drop diacritics and tatweel, lower-case Latin."""
    text = unicodedata.normalize("NFKC", text or "")
    text = TASHKEEL.sub("", text)
    return text.translate(ARABIC_FOLD).lower()


def _strip_article(word: str) -> tuple[str, bool]:
    for article in ARABIC_ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 3:
            return word[len(article) :], True
    return word, False


def _strip_suffix(word: str) -> str:
    for suffix, shortest in ARABIC_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def word_stems(word: str) -> tuple[str, ...]:
    """The stems a normalised word is indexed and searched under: one, or two for a word
    that may or may not start with a bare و، ب or ل."""
    if ARABIC_WORD.match(word):
        bare, had_article = _strip_article(word)
        stems = [_strip_suffix(bare)]
        if not had_article and word[0] in ARABIC_LOOSE_PREFIXES and len(word) >= 5:
            other = _strip_suffix(_strip_article(word[1:])[0])
            if other != stems[0]:
                stems.append(other)
        return tuple(stems)
    if word.isascii() and word.isalpha():
        return (_english.stemWord(word),)
    return (word,)


def words(text: str) -> list[str]:
    """The normalised words of `text` that search keeps (no common words, no single letters)."""
    return [
        word
        for word in WORD.findall(normalise(text))
        if (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS
    ]


def analyse(text: str) -> list[str]:
    """Every stem `text` is found by, in order (a word may give two)."""
    return [stem for word in words(text) for stem in word_stems(word)]


def index_text(text: str) -> str:
    """What an app stores to be searched: the stems of `text`, separated by spaces."""
    return " ".join(analyse(text))


def plain_text(html: str) -> str:
    """The text of rendered HTML, entities decoded: `R&amp;D` reads `R&D` again.

    The result is plain text, not HTML: whoever prints it escapes it (templates
    autoescape, `highlight` escapes), so decoding here never lets markup through.
    """
    return re.sub(r"\s+", " ", html_lib.unescape(strip_tags(html or ""))).strip()


def highlight(text: str, stems, *, width: int = 240) -> str:
    """An HTML-escaped excerpt of `text` around the first match, matched words in <mark>.

    `stems` are the stems looked for (`Query.stems`); a word of `text` matches
    when one of its stems is among them, so what is marked is what was found.
    Every piece of member text is escaped before it is wrapped.
    """
    if not text:
        return ""
    stems = set(stems)
    spans = []
    for match in WORD.finditer(text):
        word = normalise(match.group())
        if word not in STOP_WORDS and stems.intersection(word_stems(word)):
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
