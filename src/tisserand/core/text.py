"""Text helpers shared by the apps."""

import unicodedata


def search_key(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for searching names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_accents.casefold().split())
