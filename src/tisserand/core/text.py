"""Text helpers shared by the apps."""

import re
import unicodedata

_LINE_ENDS = re.compile(r"\r\n?")
_TRAILING_SPACES = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)


def search_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for searching names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_accents.casefold().split())


def normalised_text(text: str) -> str:
    """A text as it is stored: line breaks as ``\\n`` (browsers send ``\\r\\n``), no
    spaces at the end of a line, none around the whole. Two texts that differ only by
    those are the same text: saving one over the other is no change."""
    return _TRAILING_SPACES.sub("", _LINE_ENDS.sub("\n", text or "")).strip()


# A printed text is laid out in blocks of at most this many characters, and a "word" longer
# than a line gets break opportunities: WeasyPrint's layout of a single huge paragraph, or
# of an unbreakable word, grows with the square of its length (a 100 KB note took a minute).
PRINT_BLOCK_CHARS = 1_500
PRINT_WORD_CHARS = 40
ZERO_WIDTH_SPACE = "\u200b"


def _pieces(line: str):
    """``(separator, piece)`` for each word of ``line``, an overlong word cut in pieces
    joined by zero-width spaces."""
    for word in line.split():
        for i in range(0, len(word), PRINT_WORD_CHARS):
            yield (" " if i == 0 else ZERO_WIDTH_SPACE), word[i:i + PRINT_WORD_CHARS]


def print_blocks(text: str) -> list[str]:
    """``text`` as the blocks of a printed document: one per line typed (blank lines
    dropped), a long line cut between words into blocks of at most ``PRINT_BLOCK_CHARS``,
    overlong words given zero-width spaces. Every character typed is kept, in order
    (line breaks, repeated spaces and the zero-width spaces aside)."""
    blocks = []
    for line in (text or "").splitlines():
        current = ""
        for separator, piece in _pieces(line):
            if current and len(current) + 1 + len(piece) > PRINT_BLOCK_CHARS:
                blocks.append(current)
                current = ""
            current = current + separator + piece if current else piece
        if current:
            blocks.append(current)
    return blocks
