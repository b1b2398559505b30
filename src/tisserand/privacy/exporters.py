"""The right-of-access export of a person, as JSON and as a readable PDF.

Each exporter returns ``(filename, mimetype, bytes)``, like the report's exporters. The
file name holds the person's id, never their name.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string

from tisserand.people.models import Person
from tisserand.privacy.selectors import person_export_data


def _filename(person: Person, extension: str) -> str:
    return f"donnees-personne-{person.pk}.{extension}"


def person_export_json(*, person: Person) -> tuple[str, str, bytes]:
    data = person_export_data(person=person)
    content = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return _filename(person, "json"), "application/json; charset=utf-8", content.encode()


def person_export_html(*, person: Person) -> str:
    return render_to_string(
        "privacy/person_export_document.html", {"data": person_export_data(person=person)}
    )


def person_export_pdf(*, person: Person) -> tuple[str, str, bytes]:
    from weasyprint import HTML

    html = person_export_html(person=person)
    content = HTML(string=html).write_pdf()
    return _filename(person, "pdf"), "application/pdf", content
