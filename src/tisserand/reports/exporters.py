"""The report in three formats. Each exporter returns (filename, mimetype, bytes)."""

import gc
from contextlib import contextmanager
from pathlib import Path

from django.template.loader import render_to_string

from tisserand.core.french import format_date
from tisserand.reports.builder import Report
from tisserand.reports.columns import column_shares

REPORT_CSS = Path(__file__).parent / "static" / "reports" / "report.css"


def _slug(report: Report) -> str:
    return "rapport-activites-" + report.period.label.replace(" ", "").replace("/", "-")


def report_context(report: Report) -> dict:
    return {
        "report": report,
        "period_start": format_date(report.period.start),
        "period_end": format_date(report.period.end),
        "report_css": REPORT_CSS.read_text(encoding="utf-8"),
    }


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cyclic garbage collector while WeasyPrint lays out the report.

    WeasyPrint keeps every box and style alive until the PDF is written (some 10^5
    objects for the demo report): the collector would walk them again at each of its
    passes, about 7 % of the render. Reference counting still frees memory as usual; the
    cycles left are collected once, at the collector's next pass.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def size_table_columns(root) -> None:
    """Give each data table of the PDF fixed column widths, from the length of its texts
    (``columns.column_shares``).

    WeasyPrint's automatic table layout measures every word of every cell (tenths of a
    second for the demo report); character counts give nearly the same widths. The widths
    go in ``style`` attributes, so the web page, printed from a browser, keeps its
    automatic layout.
    """
    for table in root.iter("table"):
        if "report-table" not in (table.get("class") or "").split():
            continue
        rows = [[cell for cell in row if cell.tag in ("th", "td")] for row in table.iter("tr")]
        spans = any(cell.get("colspan") or cell.get("rowspan") for row in rows for cell in row)
        if not rows or not rows[0] or spans:
            continue
        texts = [["".join(cell.itertext()) for cell in row] for row in rows]
        shares = column_shares(texts, header=rows[0][0].tag == "th")
        table.set("style", "table-layout: fixed")
        for cell, share in zip(rows[0], shares, strict=True):
            cell.set("style", f"box-sizing: border-box; width: {100 * share:.1f}%")


class HtmlExporter:
    extension = "html"
    mimetype = "text/html; charset=utf-8"

    def render(self, report: Report) -> bytes:
        return render_to_string("reports/report_document.html", report_context(report)).encode()

    def export(self, report: Report) -> tuple[str, str, bytes]:
        return f"{_slug(report)}.{self.extension}", self.mimetype, self.render(report)


class PdfExporter(HtmlExporter):
    extension = "pdf"
    mimetype = "application/pdf"

    def render(self, report: Report) -> bytes:
        from weasyprint import HTML

        html = super().render(report).decode()
        with cyclic_gc_paused():
            document = HTML(string=html, base_url=str(REPORT_CSS.parent))
            size_table_columns(document.etree_element)
            return document.write_pdf(
                pdf_variant=None, uncompressed_pdf=False, optimize_images=False
            )


class DocxExporter(HtmlExporter):
    extension = "docx"
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, report: Report) -> bytes:
        from tisserand.reports.docx_render import render_docx

        return render_docx(report)


EXPORTERS = {"html": HtmlExporter(), "pdf": PdfExporter(), "docx": DocxExporter()}
