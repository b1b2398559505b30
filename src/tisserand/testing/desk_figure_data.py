"""Hand-built desks and follow-up files whose figures are known, for the tests of
``desks.figures``, ``followup.figures``, the report and the drafts (issue 5).

Every figure the tests expect is worked out in the docstrings below.
"""

import datetime as dt

from tisserand.core.models import Partner
from tisserand.desks.models import Appointment, DeskSession, RequestKind
from tisserand.followup.models import Contact, FollowUpFile, Referral, Theme
from tisserand.people.models import Household, PriorityArea
from tisserand.testing.desk_factories import (
    AppointmentFactory,
    ContactFactory,
    DeskFactory,
    DeskSessionFactory,
    DeskSlotFactory,
    FollowUpFileFactory,
    ReferralFactory,
)
from tisserand.testing.factories import (
    ActionFactory,
    CancellationReasonFactory,
    HouseholdFactory,
    PartnerFactory,
    PersonFactory,
    SectorFactory,
)

D = dt.date
S = Appointment.Status


def kind(group: str, name: str) -> RequestKind:
    return RequestKind.objects.get_or_create(group=group, name=name)[0]


def desk_world() -> dict:
    """Two desks: "Écrivains publics" (action *writers*, Tuesday 14 h 00 - 16 h 00) and
    "Numérique" (action *digital*).

    Écrivains publics, 2020: open on 7 January and 4 February, closed on 17 and 24 March
    (Confinement) -> 2 held, 2 closed.
      7 Jan: p1 received (courriers: emploi + logement, 30 min), p2 absent (a kind ticked
             by mistake: not counted), p3 cancelled by herself, p4 walk-in (imprimé MDPH,
             20 min).
      4 Feb: p1 received, p2 received (courrier logement), p5 booked (still "pris"), p7
             received (already received on 7 January at 15 h 00: not a first visit).
      17 Mar: p6 cancelled by the centre.
    -> booked 9 (walk-in excluded), absent 1, cancelled 1 + 1, walk-ins 1, interviews 6,
    persons 4 (p1, p4, p2, p7), minutes 50. First visits 3: p1 was received on 31 December
    2019 (not first), p4 was received in 2019 at the *other* desk (first here), p2's
    absence does not count (first in February), p7 in January only.
    Kinds: Courriers 2 interviews (emploi 1, logement 2), Imprimés 1 (MDPH 1).
    Écrivains publics, 2019: 31 December, p1 received -> held 1, booked 1, interviews 1,
    first visits 1. Also an open session on 5 January 2021 (outside 2020).
    Numérique, 2020: 5 February, p8 received; 2019: 4 June, p4 received.
    """
    sector = SectorFactory(name="Adultes")
    writers = ActionFactory(name="Permanence Ecrivains publics", sectors=[sector])
    digital = ActionFactory(name="Accompagnement numérique", sectors=[sector])
    desk = DeskFactory(name="Écrivains publics", action=writers)
    DeskSlotFactory(desk=desk, weekday=1, start_time=dt.time(14), end_time=dt.time(16))
    other = DeskFactory(name="Numérique", action=digital)
    lockdown = CancellationReasonFactory(label="Confinement")

    def session(the_desk, day, closed=False):
        if closed:
            return DeskSessionFactory(desk=the_desk, date=day, status=DeskSession.Status.CLOSED,
                                      closure_reason=lockdown)
        return DeskSessionFactory(desk=the_desk, date=day)

    dec, jan, feb = session(desk, D(2019, 12, 31)), session(desk, D(2020, 1, 7)), session(
        desk, D(2020, 2, 4))
    mar17 = session(desk, D(2020, 3, 17), closed=True)
    session(desk, D(2020, 3, 24), closed=True)
    session(desk, D(2021, 1, 5))
    june = session(other, D(2019, 6, 4))
    other_feb = session(other, D(2020, 2, 5))

    p = {i: PersonFactory(first_name=f"Prénom{i}", last_name=f"Nomdefamille{i}")
         for i in range(1, 9)}
    emploi = kind("letter", "Emploi (Pôle emploi, candidatures)")
    logement = kind("letter", "Logement")
    mdph = kind("form", "MDPH")

    def meet(at, person, time="14:00", status=S.HONOURED, walk_in=False, kinds=(),
             minutes=None):
        appointment = AppointmentFactory(
            session=at, person=person, start_time=dt.time.fromisoformat(time), status=status,
            walk_in=walk_in, minutes_spent=minutes,
        )
        appointment.kinds.set(kinds)
        return appointment

    meet(dec, p[1])
    meet(jan, p[1], kinds=[emploi, logement], minutes=30)
    meet(jan, p[2], "14:30", S.ABSENT, kinds=[emploi])
    meet(jan, p[3], "15:00", S.CANCELLED_BY_PERSON)
    meet(jan, p[4], "15:30", walk_in=True, kinds=[mdph], minutes=20)
    meet(jan, p[7], "15:00")
    meet(feb, p[1])
    meet(feb, p[2], "14:30", kinds=[logement])
    meet(feb, p[5], "15:00", S.BOOKED)
    meet(feb, p[7], "14:00")
    meet(mar17, p[6], status=S.CANCELLED_BY_CENTRE)
    meet(june, p[4])
    meet(other_feb, p[8])
    return {"writers": writers, "digital": digital, "desk": desk, "other": other,
            "persons": p, "sector": sector}


def grow_desks(world: dict, times: int) -> None:
    """Ten times more (with ``times=10``): new sessions of both desks in 2019 and 2020,
    each with booked, absent, cancelled, received and walk-in appointments."""
    statuses = [S.HONOURED, S.ABSENT, S.CANCELLED_BY_PERSON, S.CANCELLED_BY_CENTRE, S.BOOKED]
    logement = kind("letter", "Logement")
    for i in range(times):
        for the_desk in (world["desk"], world["other"]):
            for year in (2019, 2020):
                at = DeskSessionFactory(desk=the_desk, date=D(year, 9, 1) + dt.timedelta(i))
                for j, status in enumerate(statuses):
                    appointment = AppointmentFactory(
                        session=at, status=status, start_time=dt.time(14, j * 10)
                    )
                    appointment.kinds.add(logement)
                AppointmentFactory(session=at, walk_in=True, status=S.HONOURED,
                                   start_time=dt.time(15, 50))


def followup_world() -> dict:
    """Follow-up files of two actions, *isolation* and *rights*.

    - a: household H1 (single-parent), born 1 March 1970, in a QPV. File (isolation)
      opened 1 May 2019; contacts 1 June 2019 (centre), 10 April 2020 (phone; Isolement,
      Santé) and 20 April 2020 (phone; Isolement).
    - b: household H1, born 1 January 2005, in a QPV. File (isolation) opened 1 February 2020,
      no contact: followed in 2020 because opened then.
    - c: no household, born in 1960, not in a QPV. Old file (rights) opened 2018, contact
      1 November 2019, closed 1 December 2019; new file (rights) opened 1 September 2020,
      contact 31 December 2020 (home visit, 45 min); referrals in 2020: CAF (done), CAF
      (pending), Mission locale (not done); one to the CAF in 2019 (not counted in 2020).
    - d: household H2 (composition not recorded), no birth date. File (isolation) opened
      1 January 2019, last contact 31 December 2019: not followed in 2020.
    - e: household H3 (alone). File (isolation) opened 2 January 2021: not in 2020.

    2020, whole centre: persons 3 (a, b, c), households 2 (H1, c alone), new 2 (b, c),
    QPV 2 (a, b); ages at 1 January 2020: 26-59 (a), 15-17 (b), 60 and over (c); households by
    composition: single-parent 1, not recorded 1 (c); contacts 3: phone 2 (April), home 1
    (December); themes: Isolement 2, Santé 1; referrals: CAF 2 (1 done, 1 pending),
    Mission locale 1 (not done).
    2020, isolation: persons 2, households 1, new 1, QPV 2. Rights: persons 1, new 1.
    2019, whole centre: persons 3 (a, c, d), households 3, new 2 (a, d), QPV 1 (a);
    contacts 3.
    """
    sector = SectorFactory(name="Familles")
    isolation = ActionFactory(name="Lutte contre l'isolement", sectors=[sector])
    rights = ActionFactory(name="Accès aux droits", sectors=[sector])
    h1 = HouseholdFactory(name="Foyer A", composition=Household.Composition.SINGLE_PARENT)
    h2 = HouseholdFactory(name="Foyer D", composition="")
    h3 = HouseholdFactory(name="Foyer E", composition=Household.Composition.ALONE)
    a = PersonFactory(first_name="Aïcha", last_name="Secretnom", household=h1,
                      birth_date=D(1970, 3, 1), priority_area=PriorityArea.YES)
    b = PersonFactory(first_name="Bilal", last_name="Secretnom", household=h1,
                      birth_date=D(2005, 1, 1), priority_area=PriorityArea.YES)
    # PersonFactory may give a birth date: c and d are set explicitly.
    c = PersonFactory(first_name="Claude", last_name="Cachénom", household=None,
                      birth_date=None, birth_year=1960, priority_area=PriorityArea.NO)
    d = PersonFactory(first_name="Dina", last_name="Dissimulé", household=h2,
                      birth_date=None, birth_year=None, priority_area=PriorityArea.UNKNOWN)
    e = PersonFactory(first_name="Émile", last_name="Enfoui", household=h3)
    isolement = Theme.objects.get_or_create(name="Isolement")[0]
    sante = Theme.objects.get_or_create(name="Santé")[0]
    caf = PartnerFactory(name="CAF")
    mission = PartnerFactory(name="Mission locale")

    def contact(file, day, mode, themes=(), minutes=None):
        made = ContactFactory(file=file, date=day, mode=mode, minutes=minutes)
        made.themes.set(themes)
        return made

    file_a = FollowUpFileFactory(person=a, action=isolation, opened_on=D(2019, 5, 1))
    contact(file_a, D(2019, 6, 1), Contact.Mode.CENTRE)
    contact(file_a, D(2020, 4, 10), Contact.Mode.PHONE, [isolement, sante])
    contact(file_a, D(2020, 4, 20), Contact.Mode.PHONE, [isolement])
    FollowUpFileFactory(person=b, action=isolation, opened_on=D(2020, 2, 1))
    old_c = FollowUpFileFactory(person=c, action=rights, opened_on=D(2018, 1, 1),
                                status=FollowUpFile.Status.CLOSED, closed_on=D(2019, 12, 1))
    contact(old_c, D(2019, 11, 1), Contact.Mode.CENTRE)
    ReferralFactory(file=old_c, date=D(2019, 11, 1), partner=caf)
    file_c = FollowUpFileFactory(person=c, action=rights, opened_on=D(2020, 9, 1))
    contact(file_c, D(2020, 12, 31), Contact.Mode.HOME, minutes=45)
    ReferralFactory(file=file_c, date=D(2020, 9, 2), partner=caf,
                    outcome=Referral.Outcome.DONE)
    ReferralFactory(file=file_c, date=D(2020, 10, 1), partner=caf)
    ReferralFactory(file=file_c, date=D(2020, 11, 1), partner=mission,
                    outcome=Referral.Outcome.NOT_DONE)
    file_d = FollowUpFileFactory(person=d, action=isolation, opened_on=D(2019, 1, 1))
    contact(file_d, D(2019, 12, 31), Contact.Mode.OUTREACH)
    file_e = FollowUpFileFactory(person=e, action=isolation, opened_on=D(2021, 1, 2))
    contact(file_e, D(2021, 1, 3), Contact.Mode.PHONE)
    return {"isolation": isolation, "rights": rights, "sector": sector,
            "persons": {"a": a, "b": b, "c": c, "d": d, "e": e}}


def grow_followup(world: dict, times: int) -> None:
    """Ten times more persons followed (``times=10``), in both actions and both years,
    with households, contacts of every mode, themes and referrals."""
    theme = Theme.objects.get_or_create(name="Numérique")[0]
    partner = Partner.objects.get(name="CAF")
    for i in range(times):
        household = HouseholdFactory(composition=Household.Composition.COUPLE)
        for action in (world["isolation"], world["rights"]):
            for year in (2019, 2020):
                person = PersonFactory(household=household, birth_date=D(1980 + i % 30, 1, 1))
                file = FollowUpFileFactory(person=person, action=action,
                                           opened_on=D(year, 1, 1 + i % 28))
                for m, mode in enumerate(Contact.Mode.values):
                    made = ContactFactory(file=file, date=D(year, 2 + m, 1 + i % 28), mode=mode)
                    made.themes.add(theme)
                ReferralFactory(file=file, date=D(year, 6, 1), partner=partner)
