"""A reader's query, analysed as the indexed text is and widened through the glossary.

A query is a list of groups, all of which must be found; a group is a list of
alternatives, any of which will do; an alternative is a tuple of stems that
must all be in the text. "السجلات الاجتماعية في الأردن" with the glossary
gives: (سجل اجتماع | social registri | …) AND (اردن).
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q

from .text import normalise, word_stems, words

# A query longer than this many words is cut: a search box is not a document.
MAX_WORDS = 12


@dataclass(frozen=True)
class Group:
    typed: str  # the words of the query this group stands for, as typed (normalised)
    alternatives: tuple[tuple[str, ...], ...]
    also: tuple[str, ...] = ()  # the glossary's other names for them, to tell the reader

    def tsquery(self) -> str:
        """This group in `to_tsquery` syntax (stems are word characters only)."""
        either = " | ".join(
            "(" + " & ".join(f"'{stem}'" for stem in alternative) + ")"
            for alternative in self.alternatives
        )
        return f"({either})"

    def fallback_q(self, field_name: str) -> Q:
        """This group on a column of `index_text` output: each stem a whole word of it."""
        either = Q()
        for alternative in self.alternatives:
            both = Q()
            for stem in alternative:
                both &= Q(**{f"{field_name}__regex": rf"(^| ){re.escape(stem)}( |$)"})
            either |= both
        return either


@dataclass(frozen=True)
class Query:
    text: str
    groups: tuple[Group, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def stems(self) -> set[str]:
        """Every stem the query looks for (to mark the words found)."""
        return {stem for group in self.groups for alt in group.alternatives for stem in alt}

    @property
    def expansions(self) -> list[Group]:
        """The groups the glossary widened, to say what else was looked for."""
        return [group for group in self.groups if group.also]

    def tsquery(self) -> str:
        """The query in PostgreSQL's `to_tsquery` syntax: every group."""
        return " & ".join(group.tsquery() for group in self.groups)

    def fallback_q(self, field_name: str) -> Q:
        """The same condition for databases without full-text search (see `Group`)."""
        condition = Q()
        for group in self.groups:
            condition &= group.fallback_q(field_name)
        return condition


@dataclass(frozen=True)
class Notion:
    """A glossary term: every name, analysed."""

    names: tuple[str, ...]
    forms: tuple[tuple[str, ...], ...]  # the stems of each name (first stem of each word)


def notions_from(terms) -> list[Notion]:
    """Glossary rows (anything with `names()`) as analysed notions."""
    notions = []
    for term in terms:
        names, forms = [], []
        for name in term.names():
            form = tuple(word_stems(word)[0] for word in words(name))
            if form and form not in forms:
                names.append(name)
                forms.append(form)
        if forms:
            notions.append(Notion(tuple(names), tuple(forms)))
    return notions


def parse(text: str, notions: list[Notion] = ()) -> Query:
    """Analyse `text`; a run of words naming a glossary notion becomes one group that any
    name of the notion satisfies (the longest run wins)."""
    typed = words(text)[:MAX_WORDS]
    primary = [word_stems(word)[0] for word in typed]
    by_form = {}
    for notion in notions:
        for form in notion.forms:
            by_form.setdefault(form, notion)
    longest = max((len(form) for form in by_form), default=0)
    groups, position = [], 0
    while position < len(typed):
        for size in range(min(longest, len(typed) - position), 0, -1):
            notion = by_form.get(tuple(primary[position : position + size]))
            if notion is not None:
                run = tuple(primary[position : position + size])
                # The reader is told the term's two main names; the others are searched too.
                others = tuple(
                    name
                    for name, form in zip(notion.names[:2], notion.forms[:2], strict=True)
                    if form != run
                )
                # A name that holds all the words of a shorter one finds nothing more.
                loosest = tuple(
                    form
                    for form in notion.forms
                    if not any(set(other) < set(form) for other in notion.forms)
                )
                groups.append(Group(" ".join(typed[position : position + size]), loosest, others))
                position += size
                break
        else:
            word = typed[position]
            groups.append(Group(word, tuple((stem,) for stem in word_stems(word))))
            position += 1
    return Query(normalise(text).strip(), tuple(groups))
