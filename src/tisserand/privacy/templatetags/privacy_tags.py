"""Display helpers for the privacy documents."""

from django import template

from tisserand.core.text import print_blocks

register = template.Library()


@register.filter
def blocks(text) -> list[str]:
    """A free text as the paragraphs of the PDF export (``core.text.print_blocks``)."""
    return print_blocks(text)
