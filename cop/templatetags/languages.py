"""`{% load languages %}`: `{{ code|direction }}` is "rtl" or "ltr" (see `cop.languages`)."""

from django import template

from cop.languages import direction as language_direction

register = template.Library()


@register.filter
def direction(code) -> str:
    """`dir="{{ post.language|direction }}"`: the direction text in that language is written."""
    return language_direction(str(code) if code else None)
