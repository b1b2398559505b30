"""Free texts in printed documents (PDF): laid out so that they break (``core.text``)."""

from django import template

from tisserand.core.text import print_blocks

register = template.Library()


@register.filter
def blocks(text) -> list[str]:
    """A free text as paragraphs of at most ``PRINT_BLOCK_CHARS`` characters. Give it the
    raw text (not the output of an escaping filter such as ``join``): each block is
    escaped when it is shown."""
    return print_blocks(text)
