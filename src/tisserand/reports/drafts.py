"""Answers the software drafts from the recorded data, for staff to keep, edit or
regenerate: orientations, places and days, public, volunteers, partners. An action's
desks (*permanences*) and follow-up files have their sentences too ("Mardi de 14 h 00 à
16 h 00, sur rendez-vous ; 26 permanences (36 en 2019).")."""


from django.db.models import Count, Prefetch, Q

from tisserand.activities.figures.participation import (
    ParticipationFigures,
    participation_figures,
    partner_figures,
)
from tisserand.activities.figures.public import PublicFigures, public_figures
from tisserand.activities.figures.scope import HELD, Scope
from tisserand.activities.models import Action, Activity, Session, SessionContributor, WeeklySlot
from tisserand.core.french import (
    format_number,
    format_time,
    join_words,
    plural,
    with_previous,
)
from tisserand.core.models import Contributor
from tisserand.core.periods import Period
from tisserand.desks.figures import EMPTY as NO_DESK_FIGURES
from tisserand.desks.figures import DeskFigures, desk_figures_by
from tisserand.desks.models import Desk, DeskSlot
from tisserand.followup.figures import followup_figures
from tisserand.reports.models import EvaluationQuestion

Draft = EvaluationQuestion.Draft


def draft_answer(kind: str, action: Action, period: Period) -> str:
    builders = {
        Draft.ORIENTATIONS: orientations_draft,
        Draft.OPENING: opening_draft,
        Draft.PUBLIC: public_draft,
        Draft.VOLUNTEERS: volunteers_draft,
        Draft.PARTNERS: partners_draft,
    }
    builder = builders.get(kind)
    return builder(action, period) if builder else ""


def orientations_draft(action: Action, period: Period) -> str:
    titles = [o.title for o in action.orientations.all()]
    if len(titles) == 1:
        return titles[0].rstrip(".") + "."
    return "\n".join(f"- {title}" for title in titles)


def schedule_text(slots: list[WeeklySlot] | list[DeskSlot]) -> str:
    """"mardi de 19 h 00 à 20 h 00 ; samedi de 11 h 30 à 13 h 30", "lundi et jeudi de 16 h 15
    à 18 h 30": the days with the same hours together, in the week's order."""
    by_time: dict = {}
    for slot in sorted(slots, key=lambda s: (s.weekday, s.start_time)):
        by_time.setdefault((slot.start_time, slot.end_time), []).append(slot)
    parts = []
    for (start, end), weekdays in by_time.items():
        days = join_words([s.get_weekday_display() for s in weekdays])
        parts.append(f"{days} de {format_time(start)} à {format_time(end)}")
    return " ; ".join(parts)


def opening_draft(action: Action, period: Period) -> str:
    activities = list(
        Activity.objects.filter(action=action)
        .select_related("default_place")
        .prefetch_related(Prefetch("slots", queryset=WeeklySlot.objects.order_by("weekday")))
    )
    counts = {
        row["activity"]: row
        for row in Session.objects.filter(
            activity__action=action, status=HELD, date__range=(period.start, period.end)
        )
        .values("activity")
        .annotate(held=Count("id"), outreach=Count("id", filter=Q(place__is_outreach=True)))
        .order_by()
    }
    lines = []
    for activity in activities:
        row = counts.get(activity.pk, {"held": 0, "outreach": 0})
        if not row["held"]:
            continue
        schedule = schedule_text(list(activity.slots.all()))
        place = f" ({activity.default_place})" if activity.default_place else ""
        sessions = plural(row["held"], "séance")
        if row["outreach"]:
            sessions += f", dont {row['outreach']} hors les murs"
        text = f"{schedule}{place} ; {sessions}." if schedule else f"{sessions}{place}."
        lines.append((activity.name, text))
    lines += _desk_opening_lines(action, period)
    if len(lines) == 1:
        text = lines[0][1]
        return text[0].upper() + text[1:]
    return "\n".join(f"- {name} : {text}" for name, text in lines)


def _desks_with_figures(action: Action, period: Period):
    """The action's desks that were open or booked in the period or the previous one,
    with their figures for both."""
    previous = period.previous()
    now = desk_figures_by(period, "desk", action=action)
    before = desk_figures_by(previous, "desk", action=action)
    desks = (
        Desk.objects.filter(action=action)
        .select_related("place")
        .prefetch_related(Prefetch("slots", queryset=DeskSlot.objects.order_by("weekday")))
    )
    for desk in desks:
        figures = now.get(desk.pk, NO_DESK_FIGURES), before.get(desk.pk, NO_DESK_FIGURES)
        if not (figures[0].is_empty and figures[1].is_empty):
            yield desk, figures[0], figures[1], previous.label


def _desk_opening_lines(action: Action, period: Period) -> list[tuple[str, str]]:
    """For each desk: "mardi de 14 h 00 à 16 h 00, sur rendez-vous ; 26 permanences
    (36 en 2019)"."""
    lines = []
    for desk, now, before, label in _desks_with_figures(action, period):
        schedule = schedule_text(list(desk.slots.all()))
        place = f" ({desk.place})" if desk.place else ""
        when = f"{schedule}{place}, sur rendez-vous" if schedule else f"sur rendez-vous{place}"
        held = (f"{plural(now.sessions_held, 'permanence')} "
                f"({format_number(before.sessions_held)} en {label})")
        lines.append((desk.name, f"{when} ; {held}."))
    return lines


def desk_public_sentence(now: DeskFigures, before: DeskFigures, label: str) -> str:
    """Like "Rendez-vous pris : 78 (79 en 2019) ; absences : 22 (28 en 2019) ; ..."."""
    def compare(name):
        return with_previous(getattr(now, name), getattr(before, name), label)

    sentence = (
        f"Rendez-vous pris : {compare('booked')} ; absences : {compare('absent')} ; "
        f"sans rendez-vous : {compare('walk_ins')} ; entretiens : {compare('interviews')}"
    )
    if now.first_visits:
        sentence += ", dont " + plural(now.first_visits, "première venue", "premières venues")
    return sentence + "."


def _desk_public_text(action: Action, period: Period) -> str:
    lines = [
        (desk.name, desk_public_sentence(now, before, label))
        for desk, now, before, label in _desks_with_figures(action, period)
    ]
    if len(lines) == 1:
        return lines[0][1]
    return "\n".join(f"- {name} : {text}" for name, text in lines)


def _followup_public_text(action: Action, period: Period) -> str:
    """Like "Accompagnement individuel : 40 personnes (35 en 2019), 32 foyers, dont 12
    nouveaux accompagnements ; 21 sur 40 habitent un QPV"."""
    previous = period.previous()
    now = followup_figures(period, action=action)
    if not now.persons:
        return ""
    before = followup_figures(previous, action=action)
    news = ""
    if now.new_persons:
        news = ", dont " + plural(now.new_persons, "nouvel accompagnement",
                                  "nouveaux accompagnements")
    return (
        f"Accompagnement individuel : {plural(now.persons, 'personne')} "
        f"({format_number(before.persons)} en {previous.label}), "
        f"{plural(now.households, 'foyer')}{news} ; "
        f"{format_number(now.priority_area)} sur {format_number(now.persons)} "
        f"{'habite' if now.priority_area <= 1 else 'habitent'} un QPV."
    )


def public_sentence(public: PublicFigures, participation: ParticipationFigures) -> str:
    if public.persons == 0:
        return plural(public.headcount, "personne") + " (comptage)." if public.headcount else ""
    if public.children and not public.adults:
        who = plural(public.children, "enfant")
    elif public.adults and not public.children:
        who = plural(public.adults, "adulte")
    else:
        who = plural(public.persons, "personne")
        if public.children and public.adults:
            who += f" ({plural(public.children, 'enfant')} et {plural(public.adults, 'adulte')})"
    if public.youngest_age is not None:
        if public.youngest_age == public.oldest_age:
            who += f" de {public.youngest_age} ans"
        else:
            who += f" de {public.youngest_age} à {public.oldest_age} ans"
    parts = [who]
    families = plural(public.households, "famille")
    if participation.new_households:
        families += ", dont " + plural(participation.new_households, "nouvelle", "nouvelles")
    parts.append(families)
    if public.fathers:
        parts.append("présence de " + plural(public.fathers, "papa"))
    sentence = ", ".join(parts) + " ; " + plural(public.attendances, "présence")
    if public.headcount:
        sentence += ", plus " + plural(public.headcount, "personne comptée", "personnes comptées")
    return sentence + "."


def public_draft(action: Action, period: Period) -> str:
    parts = [
        _activities_public_text(action, period),
        _desk_public_text(action, period),
        _followup_public_text(action, period),
    ]
    return "\n\n".join(part for part in parts if part)


def _activities_public_text(action: Action, period: Period) -> str:
    activities = list(
        Activity.objects.filter(
            action=action, sessions__status=HELD,
            sessions__date__range=(period.start, period.end),
        ).distinct()
    )
    if len(activities) <= 1:
        scope = Scope(action=action)
        return public_sentence(public_figures(scope, period), participation_figures(scope, period))
    lines = []
    for activity in activities:
        scope = Scope(activity=activity)
        sentence = public_sentence(
            public_figures(scope, period), participation_figures(scope, period)
        )
        lines.append(f"- {activity.name} : {sentence}")
    scope = Scope(action=action)
    total = public_sentence(public_figures(scope, period), participation_figures(scope, period))
    return "\n".join(lines) + f"\n\nAu total : {total}"


def volunteers_draft(action: Action, period: Period) -> str:
    rows = (
        SessionContributor.objects.filter(
            session__activity__action=action,
            session__status=HELD,
            session__date__range=(period.start, period.end),
            contributor__kind=Contributor.Kind.VOLUNTEER,
        )
        .values("contributor__first_name", "contributor__last_name")
        .annotate(sessions=Count("session"))
        .order_by("contributor__last_name", "contributor__first_name")
    )
    rows = list(rows)
    if not rows:
        return ""
    names = [f"{r['contributor__first_name']} {r['contributor__last_name']}" for r in rows]
    sessions = sum(r["sessions"] for r in rows)
    verb = "a" if len(rows) == 1 else "ont"
    return (
        f"{plural(len(rows), 'bénévole')} {verb} encadré des séances avec les salariés "
        f"({plural(sessions, 'présence')} en séance) : {join_words(names)}."
    )


def partners_draft(action: Action, period: Period) -> str:
    partners = partner_figures(Scope(action=action), period)
    return "\n".join(
        f"- {p.name} ({join_words([r.lower() for r in p.roles])})" for p in partners
    )

