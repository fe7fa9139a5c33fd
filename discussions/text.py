"""What is particular to discussions' text: the language a post is written in.

Turning Markdown into safe HTML is the platform's (`cop.markdown.render_markdown`);
the folding, stemming and excerpts of search are `cop.search.text`'s.
"""

import re

from cop.search.text import plain_text

__all__ = ["detect_language", "plain_text"]

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
