"""The sessions of the demo centre (September 2018 to December 2020) and the 2020 lockdowns.

Regular ateliers get their sessions from their weekly slots through ``sessions_generate``
(public holidays skipped, school term only where the report says so); ateliers with an
irregular rhythm ("2 ateliers par mois", "durant les vacances scolaires") or one-off events
get theirs one by one through ``session_create``. Then the 2020 lockdowns are applied with
``sessions_cancel_range``: everything planned from 17 March 2020 to 10 May is cancelled
("Confinement"), reopening by stages afterwards as the report tells, and the second lockdown
from 30 October stops the French atelier, sport, santé and dance while the parentalité
ateliers, the CLAS and the youth sector carry on.

Readings chosen for the report's wording are written next to each atelier.
"""

import datetime as dt

from tisserand.activities.models import Activity, Session
from tisserand.activities.services import (
    CalendarFilter,
    session_cancel,
    session_create,
    sessions_cancel_range,
    sessions_generate,
)
from tisserand.core.calendar import is_public_holiday
from tisserand.demo.centre import Reference
from tisserand.demo.programme import t

D = dt.date
LOCKDOWN_1 = (D(2020, 3, 17), D(2020, 5, 10))
LOCKDOWN_2 = (D(2020, 10, 30), D(2020, 12, 31))


def dates(*specs: str) -> list[dt.date]:
    """``dates("2020-01-11", "2020-01-25")`` -> list of dates."""
    return [dt.date.fromisoformat(s) for s in specs]


class Calendar:
    def __init__(self, ref: Reference, activities: dict[str, Activity]):
        self.ref = ref
        self.activities = activities

    def generate(self, key: str, start: dt.date, end: dt.date, *, term: bool = False) -> None:
        sessions_generate(
            activity=self.activities[key], start=start, end=end,
            calendar_filter=CalendarFilter.SCHOOL_TERM if term else CalendarFilter.ALL,
        )

    def one(self, key: str, day: dt.date, start: str, end: str, *, place: str | None = None,
            journal: str = "", cancel: str | None = None) -> Session:
        session = session_create(
            activity=self.activities[key], date=day, start_time=t(start), end_time=t(end),
            place=self.ref.places[place] if place else None, journal=journal,
        )
        if cancel:
            session_cancel(session=session, reason=self.ref.reasons[cancel])
        return session

    def many(self, key: str, days: list[dt.date], start: str, end: str, *,
             place: str | None = None, cancel: dict[dt.date, str] | None = None) -> None:
        cancel = cancel or {}
        for day in days:
            self.one(key, day, start, end, place=place, cancel=cancel.get(day))
        for day in cancel:
            if day not in days:
                self.one(key, day, start, end, place=place, cancel=cancel[day])

    def cancel(self, start: dt.date, end: dt.date, reason: str, keys=None) -> int:
        activities = None if keys is None else [self.activities[k] for k in keys]
        return sessions_cancel_range(
            start=start, end=end, reason=self.ref.reasons[reason], activities=activities
        )


DANCE = ("danse_78_lun", "danse_910", "danse_adultes_lun1", "danse_adultes_lun2", "danse_34",
         "danse_56", "danse_seniors", "danse_78_mer", "danse_ados", "danse_adultes_mer")
# "Les 2 ateliers Adultes et Seniors ont pu reprendre en juin 2020 [au] Jardin du Pré Muché":
# read as one adult atelier (Monday 18 h 45) and the seniors' atelier.
DANCE_JUNE_OUTDOORS = ("danse_adultes_lun1", "danse_seniors")

# July 2020, "hors les murs": every week at Square Laplace (Monday), Résidence de l'Alma
# (Wednesday) and Résidence de la Briqueterie (Friday), 10 h - 11 h.
JULY_OUTREACH = [
    ("corporelle", "2020-07-06", "laplace"), ("livres", "2020-07-08", "alma_res"),
    ("cirque", "2020-07-10", "briqueterie"), ("musicale", "2020-07-13", "laplace"),
    ("cirque", "2020-07-15", "alma_res"), ("livres", "2020-07-17", "briqueterie"),
    ("cirque", "2020-07-20", "laplace"), ("musicale", "2020-07-22", "alma_res"),
    ("corporelle", "2020-07-24", "briqueterie"), ("musicale", "2020-07-27", "laplace"),
]


def build_sessions(ref: Reference, activities: dict[str, Activity]) -> None:
    cal = Calendar(ref, activities)
    _global_and_children(cal)
    _youth(cal)
    _clas(cal)
    _parents_children(cal)
    _health(cal)
    _isolation_and_rights(cal)
    _dance(cal)
    _french(cal)
    _lockdowns(cal)


def _global_and_children(cal: Calendar) -> None:
    cal.one("temps_forts", D(2019, 5, 18), "14:00", "18:00", place="caulier",
            journal="Printemps de Saint-Maurice.")
    cal.one("temps_forts", D(2019, 8, 21), "14:00", "18:00", place="laplace",
            journal="Quartiers d'été.")
    cal.one("temps_forts", D(2019, 12, 18), "14:00", "17:30",
            journal="Fête de fin d'année.")
    cal.one("temps_forts", D(2020, 1, 17), "18:00", "20:00",
            journal="Vœux : chacun présente sa place dans le centre (CA, bénévoles, salariés).")
    cal.one("temps_forts", D(2020, 2, 7), "18:30", "21:00",
            journal="Festival du court métrage.")
    cal.one("temps_forts", D(2020, 8, 19), "14:00", "18:00", place="laplace",
            journal="Quartiers d'été.")
    # Projet d'animations: "plus de 10 séances par projet, essentiellement les mercredis".
    cal.many("anim_nature", _weekdays(D(2019, 3, 13), D(2019, 6, 26), 2), "14:00", "16:00")
    cal.many("anim_art", _weekdays(D(2020, 1, 8), D(2020, 3, 11), 2)
             + dates("2020-06-17", "2020-06-24", "2020-07-01"), "14:00", "16:00",
             cancel={D(2020, 3, 18): "confinement", D(2020, 3, 25): "confinement"})
    cal.many("anim_bois", [d for d in _weekdays(D(2020, 9, 9), D(2020, 11, 25), 2)
                           if d != D(2020, 11, 11)], "09:30", "11:30")
    cal.many("anim_solidaire", [d for d in _weekdays(D(2020, 10, 7), D(2020, 12, 16), 2)
                                if d != D(2020, 11, 11)] + dates("2020-10-23", "2020-10-30"),
             "14:00", "16:00")


def _weekdays(start: dt.date, end: dt.date, weekday: int) -> list[dt.date]:
    """Every given weekday between two dates, public holidays left out."""
    day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    out = []
    while day <= end:
        if not is_public_holiday(day):
            out.append(day)
        day += dt.timedelta(days=7)
    return out


def _youth(cal: Calendar) -> None:
    # Futsal: Tuesday and Saturday from January; the municipal gym is closed from the winter
    # holidays (15 February) until the lockdown, so January gives 4 + 4 sessions and
    # February 2 + 2 as the report says. From July, one slot a week (Tuesday) until the
    # second lockdown.
    cal.generate("futsal", D(2020, 1, 1), D(2020, 6, 30))
    cal.cancel(D(2020, 2, 15), D(2020, 3, 16), "salle", ["futsal"])
    cal.many("futsal", [d for d in _weekdays(D(2020, 7, 1), D(2020, 12, 15), 1)
                        if d != D(2020, 7, 14)], "19:00", "20:00")
    cal.one("mb_alimentation", D(2020, 1, 15), "14:00", "16:00", place="jeunesse",
            journal="Présentation du projet Manger, Bouger par l'équipe Jeunesse.")
    cal.one("mb_alimentation", D(2020, 2, 12), "14:00", "16:00", place="jeunesse",
            journal="Débat : « C'est quoi l'équilibre alimentaire ? »")
    for day in dates("2020-02-25", "2020-03-03"):
        cal.one("mb_alimentation", day, "18:00", "21:00",
                journal="Soirée atelier culinaire : composer un repas équilibré.")
    cal.one("mb_alimentation", D(2020, 10, 21), "14:00", "16:00",
            journal="Intervention de la diététicienne (vacances de la Toussaint).")
    for day in dates("2020-11-18", "2020-12-02", "2020-12-16"):
        cal.one("mb_alimentation", day, "15:30", "17:30", journal="Goûter cuisiné par les jeunes.")
    cal.many("mb_sport", dates("2020-02-24", "2020-02-26", "2020-03-02", "2020-03-04"),
             "14:00", "16:00")
    cal.many("mb_sport", dates("2020-06-03", "2020-06-10", "2020-06-17", "2020-06-24",
                               "2020-07-01"), "14:00", "16:00", place="city_stade")
    for number, day in enumerate(dates("2020-12-02", "2020-12-09", "2020-12-16"), start=1):
        cal.one("boites", day, "16:00", "18:00", journal="10 boîtes réalisées, offertes le "
                "soir de Noël." if number == 3 else "Décoration et remplissage des boîtes.")
    cal.many("solidaires", dates("2020-12-05", "2020-12-12", "2020-12-19"), "14:00", "17:00",
             place="quartier")
    cal.generate("code", D(2020, 10, 1), D(2020, 12, 18))
    cal.generate("intergen", D(2020, 11, 1), D(2020, 12, 18))


def _clas(cal: Calendar) -> None:
    for key in ("clas_cd", "clas_br"):
        cal.generate(key, D(2019, 1, 7), D(2019, 7, 5), term=True)
        cal.generate(key, D(2019, 9, 16), D(2019, 12, 20), term=True)
        cal.generate(key, D(2020, 1, 6), D(2020, 7, 3), term=True)
        cal.generate(key, D(2020, 9, 14), D(2020, 12, 18), term=True)
    # After the first lockdown the CLAS welcomes a few children, one by one, from June.
    cal.cancel(D(2020, 5, 11), D(2020, 5, 31), "sanitaire", ["clas_cd", "clas_br"])


def _parents_children(cal: Calendar) -> None:
    # Expression corporelle: "samedi matin, 2 ateliers par mois, soit 12 séances (d'1 h) sur
    # l'année. 2 ateliers hors les murs" -- read as 12 held in the centre + 2 outside.
    cal.many("corporelle", dates(
        "2019-01-12", "2019-01-26", "2019-02-09", "2019-02-23", "2019-03-09", "2019-03-23",
        "2019-04-06", "2019-04-27", "2019-05-11", "2019-05-25", "2019-06-08", "2019-06-22",
        "2019-09-21", "2019-10-05", "2019-10-19", "2019-11-09", "2019-11-23", "2019-12-07",
        "2020-01-11", "2020-01-25", "2020-02-08", "2020-02-22", "2020-03-07",
        "2020-09-19", "2020-10-03", "2020-10-17", "2020-11-07", "2020-11-21", "2020-12-05",
        "2020-12-19"), "10:00", "11:00",
        cancel={d: "sanitaire" for d in dates("2020-05-16", "2020-05-30", "2020-06-13",
                                               "2020-06-27")}
        | {d: "confinement" for d in dates("2020-03-21", "2020-04-04", "2020-04-25")})
    # Atelier cirque: "ateliers ponctuels durant les vacances scolaires, 5 ateliers d'1 h
    # dont 3 hors les murs".
    cal.many("cirque", dates("2019-02-20", "2019-04-17", "2019-07-10", "2019-07-24",
                             "2019-10-23", "2020-02-26", "2020-10-21"), "14:00", "15:00",
             cancel={D(2020, 4, 22): "confinement"})
    # Éveil aux livres: "jeudi de 17 h à 18 h au local de l'Alma, de janvier à mars, 9
    # ateliers et 2 hors les murs": the 2020 series starts on 16 January.
    cal.generate("livres", D(2019, 1, 10), D(2019, 6, 28), term=True)
    cal.generate("livres", D(2019, 10, 3), D(2019, 12, 20), term=True)
    cal.generate("livres", D(2020, 1, 16), D(2020, 3, 31))
    # Expression musicale: "mercredi et durant les vacances scolaires, 7 séances et 3 hors
    # les murs".
    cal.many("musicale", dates(
        "2019-01-16", "2019-02-13", "2019-02-20", "2019-03-13", "2019-04-10", "2019-04-17",
        "2019-05-15", "2019-06-12", "2019-10-09", "2019-10-23", "2019-11-13", "2019-12-11",
        "2020-01-15", "2020-02-05", "2020-02-26", "2020-03-11", "2020-10-21", "2020-11-25",
        "2020-12-09"), "10:00", "11:00",
        cancel={D(2020, 4, 8): "confinement", D(2020, 4, 22): "confinement",
                D(2020, 5, 20): "sanitaire", D(2020, 6, 17): "sanitaire"})
    for key, day, place in JULY_OUTREACH:
        cal.one(key, dt.date.fromisoformat(day), "10:00", "11:00", place=place,
                journal="Atelier « hors les murs » de l'été.")
    # Après-midi récréatifs: "mercredi de 14 h à 15 h 30, 2 fois par mois, 8 ateliers pour
    # l'année 2020".
    cal.many("recreatifs", dates(
        "2019-01-09", "2019-01-23", "2019-02-06", "2019-02-20", "2019-03-06", "2019-03-20",
        "2019-04-03", "2019-05-15", "2019-05-29", "2019-06-12", "2019-06-26", "2019-09-18",
        "2019-10-02", "2019-10-16", "2019-11-06", "2019-11-20", "2019-12-04", "2019-12-18",
        "2020-01-08", "2020-01-22", "2020-02-05", "2020-03-04", "2020-10-14", "2020-11-18",
        "2020-12-02", "2020-12-16"), "14:00", "15:30",
        cancel={D(2020, 2, 19): "salle", D(2020, 10, 28): "salle"}
        | {d: "confinement" for d in dates("2020-03-18", "2020-04-01", "2020-04-15",
                                           "2020-05-06")}
        | {d: "sanitaire" for d in dates("2020-05-20", "2020-06-03", "2020-06-17")})


def _health(cal: Calendar) -> None:
    # Atelier cuisine: planned the 2nd and 4th Thursdays; 8 held in 2020.
    held_2020 = dates("2020-01-09", "2020-01-23", "2020-02-13", "2020-02-27", "2020-03-12",
                      "2020-09-24", "2020-10-08", "2020-10-22")
    cancelled = {d: "confinement" for d in dates("2020-03-26", "2020-04-09", "2020-04-23",
                                                  "2020-11-12", "2020-11-26", "2020-12-10")}
    cancelled |= {d: "sanitaire" for d in dates("2020-05-14", "2020-05-28", "2020-06-11",
                                                 "2020-06-25", "2020-09-10")}
    days_2019 = [d for d in _weekdays(D(2019, 1, 1), D(2019, 12, 20), 3)
                 if (d.day - 1) // 7 in (1, 3) and d.month not in (7, 8)]
    cal.many("cuisine", days_2019 + held_2020, "10:00", "11:00", cancel=cancelled)
    cal.generate("gym", D(2019, 1, 7), D(2019, 7, 5), term=True)
    cal.generate("gym", D(2019, 9, 2), D(2019, 12, 20), term=True)
    cal.generate("gym", D(2020, 1, 6), D(2020, 12, 18), term=True)
    # The ARS allowed santé again only from September; gym douce took up in October.
    cal.cancel(D(2020, 5, 11), D(2020, 10, 5), "sanitaire", ["gym"])
    cal.many("balades", dates(
        "2019-04-09", "2019-05-14", "2019-06-11", "2019-09-10", "2019-10-08",
        "2020-02-11", "2020-03-10", "2020-09-08", "2020-09-22", "2020-10-06", "2020-10-20"),
        "14:00", "16:00",
        cancel={d: "confinement" for d in dates("2020-04-14", "2020-11-03", "2020-11-17",
                                                 "2020-12-01")})
    cal.many("sophro", dates("2020-09-24", "2020-10-08", "2020-10-15", "2020-10-29"),
             "14:00", "15:00",
             cancel={D(2020, 11, 12): "confinement", D(2020, 11, 26): "confinement"})
    cal.generate("sport_elles", D(2019, 9, 13), D(2019, 12, 20), term=True)
    cal.generate("sport_elles", D(2020, 1, 6), D(2020, 12, 18), term=True)
    cal.cancel(D(2020, 5, 11), D(2020, 9, 24), "sanitaire", ["sport_elles"])
    cal.one("biocabas", D(2020, 1, 22), "14:00", "16:00", place="activites",
            journal="Intervention de Norabio pour relancer les paniers bio accessibles.")
    cal.many("biocabas", [d for d in _weekdays(D(2020, 9, 2), D(2020, 12, 16), 2)
                          if d != D(2020, 11, 11)], "17:00", "18:00")


def _isolation_and_rights(cal: Calendar) -> None:
    cal.generate("alma", D(2019, 1, 2), D(2020, 12, 23))
    for start, end in ((D(2019, 8, 1), D(2019, 8, 23)), (D(2019, 12, 23), D(2020, 1, 3)),
                       (D(2020, 8, 3), D(2020, 8, 21)), (D(2020, 12, 21), D(2020, 12, 31))):
        cal.cancel(start, end, "conges", ["alma"])
    cal.cancel(D(2020, 10, 30), D(2020, 12, 14), "confinement", ["alma"])
    # Ateliers numériques with Emmaüs Connect "1 fois par mois, jusqu'en mars 2020", then a
    # few with Orange Solidarité in the autumn.
    cal.many("numerique", dates(
        "2019-01-18", "2019-02-15", "2019-03-15", "2019-04-19", "2019-05-17", "2019-06-14",
        "2019-09-20", "2019-10-18", "2019-11-15", "2019-12-13",
        "2020-01-17", "2020-02-21", "2020-03-13", "2020-09-25", "2020-10-16"),
        "14:00", "16:00",
        cancel={D(2020, 11, 20): "confinement", D(2020, 12, 18): "confinement"})
    cal.one("inclusion", D(2020, 2, 4), "14:00", "16:00",
            journal="Discussion autour du projet d'inclusion numérique.")
    cal.one("inclusion", D(2020, 3, 5), "18:00", "20:00",
            journal="Représentation théâtrale de la Compagnie de la Belle Histoire, puis débat.")
    for day in dates("2019-10-14", "2019-10-16", "2019-10-19"):
        cal.one("solidarite", day, "14:00", "18:00", place="caulier" if day.day == 19 else None,
                journal="Semaine de la Solidarité 2019.")
    for day in dates("2020-10-14", "2020-10-21", "2020-10-24", "2020-12-09", "2020-12-16"):
        cal.one("solidarite", day, "14:00", "17:00",
                journal="Semaine de la Solidarité : Arbre et Rubans de la Solidarité.")
    cal.one("caulier", D(2019, 9, 21), "14:00", "18:00",
            journal="Temps d'ouverture festif.", cancel="autre")
    cal.many("caulier", dates("2019-10-12", "2019-11-09", "2019-11-30", "2019-12-14",
                              "2020-01-18", "2020-02-08", "2020-03-07", "2020-06-20",
                              "2020-06-27", "2020-09-12", "2020-09-26", "2020-10-10"),
             "14:00", "17:00", cancel={D(2020, 3, 21): "confinement"})
    cal.many("caulier_photo", dates("2020-07-07", "2020-07-08", "2020-07-09"), "14:00", "17:00")


def _dance(cal: Calendar) -> None:
    for key in (*DANCE, "danse_acm"):
        cal.generate(key, D(2018, 9, 17), D(2019, 6, 28), term=True)
        cal.generate(key, D(2019, 9, 16), D(2020, 6, 30), term=True)
        cal.generate(key, D(2020, 9, 14), D(2020, 12, 18), term=True)
    cal.one("danse_ados", D(2019, 11, 23), "19:00", "20:00",
            journal="Participation dansante à la soirée Coup de Pouce.")
    # The report dates this "23 novembre 2020" but places it before the March 2020 lockdown:
    # read as 23 November 2019.
    cal.one("danse_ados", D(2020, 2, 15), "15:00", "16:00", place="sabotiere",
            journal="Participation dansante à l'EHPAD « La Sabotière » d'Hellemmes.")
    # First lockdown: closed from 17 March; only adults and seniors dance again, in June,
    # in the Jardin du Pré Muché.
    cal.cancel(D(2020, 5, 11), D(2020, 6, 30), "sanitaire",
               [k for k in (*DANCE, "danse_acm") if k not in DANCE_JUNE_OUTDOORS])
    cal.cancel(D(2020, 5, 11), D(2020, 5, 31), "sanitaire", DANCE_JUNE_OUTDOORS)
    Session.objects.filter(
        activity__in=[cal.activities[k] for k in DANCE_JUNE_OUTDOORS],
        date__range=(D(2020, 6, 1), D(2020, 6, 30)), status=Session.Status.PLANNED,
    ).update(place=cal.ref.places["pre_muche"])


def _french(cal: Calendar) -> None:
    # "12 séances en 2020 (8 entre janvier et mars, 4 entre septembre et octobre) au lieu de
    # 32 en temps ordinaire": the 2020 series starts on 13 January, which gives 32 planned
    # Mondays of school term; the atelier took up again on 21 September.
    cal.generate("francais", D(2019, 1, 14), D(2019, 7, 5), term=True)
    cal.generate("francais", D(2019, 9, 16), D(2019, 12, 20), term=True)
    cal.generate("francais", D(2020, 1, 13), D(2020, 12, 18), term=True)
    cal.cancel(D(2020, 5, 11), D(2020, 9, 20), "sanitaire", ["francais"])


def _lockdowns(cal: Calendar) -> None:
    cal.cancel(*LOCKDOWN_1, "confinement")
    # Between the lockdowns some ateliers stayed closed (protocols).
    cal.cancel(D(2020, 5, 11), D(2020, 6, 30), "sanitaire",
               ["cuisine", "sport_elles", "futsal", "numerique"])
    # Second lockdown: sport, santé, dance, the French atelier and the computer ateliers
    # stop; parentalité, CLAS, the youth sector and the children's projects carry on.
    stopped = ["francais", "futsal", "sport_elles", "gym", "cuisine", "balades", "sophro",
               "numerique", "danse_acm", *DANCE]
    cal.cancel(*LOCKDOWN_2, "confinement", stopped)
