"""@mentions: `@Name` in a post names a member by their name, in either script.

A mention is `@` followed by a member's full name as it appears on their
profile (in Arabic or Latin script, case ignored), e.g. `@Omar Haddad` or
`@سلمى العلي`. The longest name that matches wins, so `@Omar Haddad` is Omar
Haddad even when someone is called just "Omar". Only approved members can be
mentioned. Two members with the same name are both mentioned (the link goes to
the first): the finder (`discussions:mention_find`) shows them side by side.

The rendered post links each mention to the profile; the mentioned members
are told by `services.notifications` (reason "mention").
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q

from members.permissions import approved_members_q

# `@` at the start or after a space or an opening bracket; never inside an address.
MENTION_START = re.compile(r"(?:(?<=^)|(?<=[\s(\[«\"']))@(?=[^\s@])", re.M)
WORD = re.compile(r"\S+")
MAX_NAME_WORDS = 4
MAX_MENTIONS = 20  # per post: more is a mass message, not a conversation
TRAILING_PUNCTUATION = ".,;:!?)]»\"'،؛؟"


@dataclass
class Mention:
    start: int  # index of the `@`
    end: int  # after the name
    name: str
    member_ids: list[int] = field(default_factory=list)


def _candidates(text: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """For each `@`: the names it could start, as (end, name), longest first."""
    found = []
    for match in MENTION_START.finditer(text):
        after = match.end()
        words = []
        for word in WORD.finditer(text, after):
            if len(words) == MAX_NAME_WORDS or (not words and word.start() != after):
                break
            if words and "\n" in text[words[-1][0] : word.start()]:
                break  # a name does not run onto the next line
            words.append((word.end(), word.group()))
        options = []
        for count in range(len(words), 0, -1):
            end = words[count - 1][0]
            name = text[after:end]
            stripped = name.rstrip(TRAILING_PUNCTUATION)
            if stripped:
                options.append((end - (len(name) - len(stripped)), stripped))
        if options:
            found.append((match.start(), options))
        if len(found) == MAX_MENTIONS:
            break
    return found


def find_mentions(text: str) -> list[Mention]:
    """The mentions in `text`, in order, each with the ids of the members it names (one query)."""
    candidates = _candidates(text or "")
    if not candidates:
        return []
    names = {name.casefold() for _, options in candidates for _, name in options}
    condition = Q()
    for name in names:
        condition |= Q(name_latin__iexact=name) | Q(name_arabic__iexact=name)
    by_name: dict[str, list[int]] = {}
    members = (
        get_user_model()
        .objects.filter(approved_members_q())
        .filter(condition)
        .order_by("pk")
        .values_list("pk", "name_latin", "name_arabic")
    )
    for pk, latin, arabic in members:
        for name in {latin.casefold(), arabic.casefold()} - {""}:
            by_name.setdefault(name, []).append(pk)
    mentions = []
    for start, options in candidates:
        for end, name in options:
            if name.casefold() in by_name:
                mentions.append(Mention(start, end, name, by_name[name.casefold()]))
                break
    return mentions


def _escape_link_text(text: str) -> str:
    return re.sub(r"([\\\[\]*_`<>])", r"\\\1", text)


def link_mentions(text: str, mentions: list[Mention]) -> str:
    """`text` with each mention turned into a Markdown link to the member's profile.

    The link has no language prefix: the site sends the reader to the profile
    in their own language.
    """
    parts, position = [], 0
    for mention in mentions:
        parts.append(text[position : mention.start])
        label = _escape_link_text(text[mention.start : mention.end])
        parts.append(f"[{label}](/members/{mention.member_ids[0]}/)")
        position = mention.end
    parts.append(text[position:])
    return "".join(parts)


def render_with_mentions(text: str) -> tuple[str, set[int]]:
    """Safe HTML of a post's Markdown with its mentions linked, and the members it mentions."""
    from cop.markdown import render_markdown

    mentions = find_mentions(text)
    member_ids = {pk for mention in mentions for pk in mention.member_ids}
    return render_markdown(link_mentions(text, mentions)), member_ids


MAX_FOUND = 10


def members_named(query: str, *, limit: int = MAX_FOUND) -> list:
    """Approved members whose name (either script) contains `query`, for the mention finder.

    Each carries `mention_name` (what to type after `@`, in the reader's
    script when the member has a name in it) and `label` (name, position,
    country) to tell namesakes apart.
    """
    query = query.strip()
    if not query:
        return []
    people = list(
        get_user_model()
        .objects.filter(approved_members_q())
        .filter(Q(name_latin__icontains=query) | Q(name_arabic__icontains=query))
        .exclude(name_latin="", name_arabic="")
        .select_related("country")
        .order_by("name_latin", "name_arabic", "pk")[:limit]
    )
    for person in people:
        person.mention_name = person.display_name
        details = [person.display_name]
        if person.position:
            details.append(person.position)
        if person.country_id:
            details.append(str(person.country.name))
        person.label = " · ".join(details)
    return people
