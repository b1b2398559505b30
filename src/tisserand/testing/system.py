"""Skip tests that need a system library the machine lacks, except in CI where
TISSERAND_REQUIRE_BROWSER / TISSERAND_REQUIRE_PDF make them mandatory."""

import os
from functools import cache

import pytest


@cache
def weasyprint_problem() -> str | None:
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except (ImportError, OSError) as error:
        return (
            f"WeasyPrint ne peut pas se charger ({error}) : "
            "installez Pango (apt-get install libpango-1.0-0)."
        )
    return None


def require_pdf() -> None:
    """Call at the start of a PDF test."""
    problem = weasyprint_problem()
    if problem:
        if os.environ.get("TISSERAND_REQUIRE_PDF") == "1":
            pytest.fail(problem)
        pytest.skip(problem)


def require_libreoffice() -> str:
    """Path of LibreOffice's soffice, to check that our DOCX opens in it."""
    import shutil

    path = shutil.which("soffice")
    if path is None:
        problem = "LibreOffice absent : installez libreoffice-writer-nogui."
        if os.environ.get("TISSERAND_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    return path
