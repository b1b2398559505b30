"""The report in three formats. Each exporter returns (filename, mimetype, bytes)."""

from pathlib import Path

from django.template.loader import render_to_string

from tisserand.reports.builder import Report
from tisserand.reports.french import format_date

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
        return HTML(string=html, base_url=str(REPORT_CSS.parent)).write_pdf(
            pdf_variant=None, uncompressed_pdf=False, optimize_images=False
        )


class DocxExporter(HtmlExporter):
    extension = "docx"
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, report: Report) -> bytes:
        from tisserand.reports.docx_render import render_docx

        return render_docx(report)


EXPORTERS = {"html": HtmlExporter(), "pdf": PdfExporter(), "docx": DocxExporter()}
