"""How much text WeasyPrint's line breaker is given while laying out a document.

Every line of a PDF is cut by ``weasyprint.text.line_break.split_first_line``, which gets
the text that remains to lay out in its box. A layout that grows with the square of a
text's length (a huge paragraph laid out again on every page, a grid item or a table cell
that cannot break) shows here as characters given to it that grow with that square; a good
layout gives it about as many characters as the document holds. A measure of work that
does not depend on the machine's load, for the tests (timings are for ``benchmarks/``).
"""

from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class LineBreaking:
    calls: int = 0
    characters: int = 0


@contextmanager
def count_line_breaking():
    import weasyprint.layout.inline as inline
    import weasyprint.layout.preferred as preferred

    counts = LineBreaking()
    originals = {module: module.split_first_line for module in (inline, preferred)}

    def counting(original):
        def split_first_line(text, *args, **kwargs):
            counts.calls += 1
            counts.characters += len(text)
            return original(text, *args, **kwargs)
        return split_first_line

    for module, original in originals.items():
        module.split_first_line = counting(original)
    try:
        yield counts
    finally:
        for module, original in originals.items():
            module.split_first_line = original
