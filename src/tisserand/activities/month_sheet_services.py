"""Typing a paper attendance sheet back: the whole month of an atelier in one transaction.

Only the cells changed on the screen are applied (ticked: marked present; unticked: mark
removed), compared with the grid as it was shown: a mark taken meanwhile on a phone is
kept. A wrong cell (a person or a session that is not on the sheet, a cancelled session)
refuses the whole grid: nothing is changed.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tisserand.activities.models import Attendance, Session
from tisserand.activities.month_sheet_selectors import MonthSheet
from tisserand.activities.services import attendance_mark
from tisserand.audit.services import log_delete, object_label
from tisserand.people.models import Person

Cell = tuple[int, int]  # (person id, session id)


@dataclass
class MonthChanges:
    added: list[Attendance] = field(default_factory=list)
    removed: list[tuple[Person, Session]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


@transaction.atomic
def month_attendance_apply(
    *, sheet: MonthSheet, shown: set[Cell], ticked: set[Cell], user=None
) -> MonthChanges:
    allowed = sheet.cells()
    if not (shown | ticked) <= allowed:
        raise ValidationError(
            _("La grille contient une case qui n'est pas sur la feuille de ce mois : "
              "rien n'a été enregistré. Rechargez la page et recommencez.")
        )
    persons = {row.person.pk: row.person for row in sheet.rows}
    sessions = {s.pk: s for s in sheet.sessions}
    changes = MonthChanges()
    to_add = sorted(ticked - shown)
    # Locked once each, in one query, not once per ticked box.
    locked = Session.objects.select_for_update().in_bulk({pk for _person, pk in to_add})
    for person_pk, session_pk in to_add:
        session = locked[session_pk]
        if session.is_cancelled:
            raise ValidationError(
                _("La séance du %(date)s a été annulée entre-temps : rien n'a été enregistré.")
                % {"date": session.date.strftime("%d/%m/%Y")}
            )
        before = Attendance.objects.filter(session=session, person_id=person_pk).exists()
        attendance = attendance_mark(session=session, person=persons[person_pk], user=user)
        if not before:
            changes.added.append(attendance)
    for person_pk, session_pk in sorted(shown - ticked):
        marks = Attendance.objects.select_related("session", "person").filter(
            session_id=session_pk, person_id=person_pk
        )
        for attendance in marks:
            log_delete(
                attendance,
                note=f"{object_label(attendance.person)}, {object_label(attendance.session)}",
            )
            changes.removed.append((persons[person_pk], sessions[session_pk]))
        marks.delete()
    return changes
