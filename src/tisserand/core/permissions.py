"""THE permission matrix: for every screen (url name), who may open it.

One place, read by the middleware (``tisserand.core.middleware``) on every request, by the
navigation (``allowed_urls`` in the templates) and by the test that walks every URL of the
project for every role (``core/tests/test_permission_matrix.py``). A url name missing
here is refused to everybody (403) and fails that test: every new screen is a deliberate
decision.

Each entry is ``PUBLIC`` (the login pages, logout), ``ANY_USER`` (any logged-in user,
whatever their roles: their own second factor) or the set of roles that may open it. Roles
combine: a user with several roles may open what any of them may.

The matrix says which *screens* a role may open. Object rules come on top, in the
selectors: an animateur or a bénévole opens only the sessions of the ateliers they are
assigned to (``activities.selectors.user_can_run_activity``), whatever the id in the URL,
and a person off the session's roster is a 404 to them
(``activities.selectors.person_for_attendance``); a bénévole holds a desk day only while
their duty lasts (``desks.selectors.user_can_hold_desk``). A bénévole opens the page of
their own ateliers only (``activity_detail``, same object rule), where they see the
sessions and the first names of the enrolled: no ages, no phone, no household.

The Django admin site (``/admin/``) is not in the matrix: Django checks ``is_staff`` there
(user management gives it to the direction).

Merging two records of one person or one household (``person_merge``, ``household_merge``)
is the direction's and the coordination's: it moves a whole history and cannot be undone;
the reception warns of namesakes and leaves the decision to them. Exports of the lists go to
the roles that see the list (audited).
What a page shows also follows least privilege: the comptable opens a household's page
for its family quotients and memberships, and sees its members' age bands (under 18, 18
and over: the household's composition the quotient needs), never their ages or birth
dates (``HOUSEHOLD_AGES``; docs/securite.md).
"""

from tisserand.core.roles import (
    ACCUEIL,
    ADMINISTRATEUR,
    ALL_ROLES,
    ANIMATEUR,
    BENEVOLE,
    COMPTABLE,
    COORDINATION,
    DIRECTION,
    MEDIATION,
    user_roles,
)

PUBLIC = "public"
ANY_USER = "any_user"

EVERY_ROLE = frozenset(ALL_ROLES)
DIRECTION_ONLY = frozenset({DIRECTION})
MANAGEMENT = frozenset({DIRECTION, COORDINATION})
# The programme (actions, ateliers): the team that runs it and the reception that informs.
PROGRAMME = MANAGEMENT | {ACCUEIL, ANIMATEUR}
# Sessions: the same, plus the bénévoles (object rule: their own sessions only).
SESSION_WORK = PROGRAMME | {BENEVOLE}
# Running a session's page fully (newcomers, team, journal): not the bénévoles.
SESSION_TEAM = PROGRAMME
SESSION_STATUS = MANAGEMENT | {ACCUEIL}
# Enrolments from the atelier's page: the coordination and the reception (which enrols
# families at the desk). From a session's roster, the team enrols a walk-in in one tap.
ENROLMENT_DESK = MANAGEMENT | {ACCUEIL}
# Setting up the programme (centre settings, places, sectors, partners, funding schemes,
# actions, ateliers and their slots): the coordination and the direction.
PROGRAMME_SETUP = MANAGEMENT
# Persons and households: reception and the social follow-up (médiation / CESF).
PEOPLE = MANAGEMENT | {ACCUEIL, MEDIATION}
# Households' list and page: also the accountant (family quotients, memberships).
HOUSEHOLD_PAGES = PEOPLE | {COMPTABLE}
# Family quotients and memberships: reception and the accountant.
MONEY_DESK = MANAGEMENT | {ACCUEIL, COMPTABLE}
# The yearly report, preview and downloads: aggregated figures, no personal data.
REPORT_READERS = MANAGEMENT | {COMPTABLE, ADMINISTRATEUR}
# Appointment desks: reception books, the social mediator too (her own desks).
DESK_RECEPTION = MANAGEMENT | {ACCUEIL, MEDIATION}
# A desk's day (sheet, interviews, walk-ins): also the bénévoles on duty (object rule:
# only the days they are on duty for, while the duty lasts, and among persons only the
# day's bookings: ``desks.selectors.user_can_hold_desk``, ``persons_visible_at_desk``).
DESK_DUTY = DESK_RECEPTION | {BENEVOLE}
DESK_SETUP = MANAGEMENT | {ACCUEIL}
# Figures of the desks and of the follow-up: aggregates, no personal data.
DESK_FIGURES = REPORT_READERS | {ACCUEIL, MEDIATION}
# Individual follow-up files: the follow-up role (médiation / CESF) and the direction only,
# not the coordination, not the reception.
FOLLOW_UP = frozenset({DIRECTION, MEDIATION})
FOLLOW_UP_FIGURES = REPORT_READERS | {MEDIATION}

# Object rules (on top of the screens): who works on every atelier, every desk, and who
# sees the ages on a session's roster. Anyone else works only on what they are assigned to
# (``activities.selectors.user_can_run_activity``, ``desks.selectors.user_can_hold_desk``).
EVERY_ACTIVITY = MANAGEMENT | {ACCUEIL}
EVERY_DESK = DESK_RECEPTION
ROSTER_DETAILS = PROGRAMME
# Members' ages on a household's page: those who open persons' pages anyway. The others
# (the comptable) see an age band only.
HOUSEHOLD_AGES = PEOPLE

PERMISSIONS: dict[str, str | frozenset[str]] = {
    # Login and own account (tisserand.accounts)
    "login": PUBLIC,
    "login_code": PUBLIC,  # second step of the login: the user is not logged in yet
    # Logging out must work with an expired session too: sent to the login page, the user
    # would come back to /deconnexion/ by GET after logging in (405).
    "logout": PUBLIC,
    "twofactor_setup": ANY_USER,
    "twofactor_disable": ANY_USER,
    "password_change": ANY_USER,  # one's own password, from the user menu
    # Dashboard: figures of the year, and the user's own sessions of the week
    "dashboard": EVERY_ROLE,
    # Users of the centre (direction only: coordination has everything but this)
    "user_list": DIRECTION_ONLY,
    "user_create": DIRECTION_ONLY,
    "user_update": DIRECTION_ONLY,
    # Persons (tisserand.people)
    "person_list": PEOPLE,
    # Exports of a list: the roles that see the list (the export is audited)
    "person_list_csv": PEOPLE,
    "person_list_xlsx": PEOPLE,
    "person_create": PEOPLE,
    "person_detail": PEOPLE,
    "person_update": PEOPLE,
    "person_enrollment_set": PEOPLE,
    # Merging two records of one person or one household: it moves a whole history and
    # cannot be undone, so the direction and the coordination decide it, not the desk
    "person_merge": MANAGEMENT,
    "household_merge": MANAGEMENT,
    # Households
    "household_list": HOUSEHOLD_PAGES,
    "household_list_csv": HOUSEHOLD_PAGES,
    "household_list_xlsx": HOUSEHOLD_PAGES,
    "household_detail": HOUSEHOLD_PAGES,
    "household_create": PEOPLE,
    "household_update": PEOPLE,
    "household_member_add": PEOPLE,
    "household_member_search": PEOPLE,
    "household_choices": PEOPLE,  # the person form's household search
    "household_quotient_add": MONEY_DESK,
    "household_membership_add": MONEY_DESK,
    # Privacy (tisserand.privacy): consents at the desk; export, anonymisation and the
    # register are the data controller's (the direction's) duties
    "person_privacy": frozenset({DIRECTION, ACCUEIL}),
    "person_export_json": DIRECTION_ONLY,
    "person_export_pdf": DIRECTION_ONLY,
    "person_anonymise": DIRECTION_ONLY,
    "processing_register": MANAGEMENT,
    # Audit trail (tisserand.audit)
    "audit_list": DIRECTION_ONLY,
    # Programme (tisserand.activities)
    "action_list": PROGRAMME,
    "action_detail": PROGRAMME,
    "activity_detail": SESSION_WORK,  # bénévoles: their own ateliers, first names only
    "enrolment_search": ENROLMENT_DESK,
    "enrolment_add": ENROLMENT_DESK,
    "enrolment_withdraw": ENROLMENT_DESK,
    "enrolment_promote": ENROLMENT_DESK,
    # The month's paper sheet and typing it back (object rule: their own ateliers)
    "activity_month_sheet": SESSION_TEAM,
    "activity_month_entry": SESSION_TEAM,
    "sessions_generate": MANAGEMENT,
    "sessions_cancel_range": MANAGEMENT,
    # Setting up the programme (tisserand.activities: setup_views, programme_views)
    "programme_home": PROGRAMME_SETUP,
    "centre_settings": PROGRAMME_SETUP,
    "place_list": PROGRAMME_SETUP, "place_create": PROGRAMME_SETUP,
    "place_update": PROGRAMME_SETUP, "place_delete": PROGRAMME_SETUP,
    "sector_list": PROGRAMME_SETUP, "sector_create": PROGRAMME_SETUP,
    "sector_update": PROGRAMME_SETUP, "sector_delete": PROGRAMME_SETUP,
    "partner_list": PROGRAMME_SETUP, "partner_create": PROGRAMME_SETUP,
    "partner_update": PROGRAMME_SETUP, "partner_delete": PROGRAMME_SETUP,
    "funding_scheme_list": PROGRAMME_SETUP, "funding_scheme_create": PROGRAMME_SETUP,
    "funding_scheme_update": PROGRAMME_SETUP, "funding_scheme_delete": PROGRAMME_SETUP,
    "cancellation_reason_list": PROGRAMME_SETUP, "cancellation_reason_create": PROGRAMME_SETUP,
    "cancellation_reason_update": PROGRAMME_SETUP,
    "cancellation_reason_delete": PROGRAMME_SETUP,
    "contributor_list": PROGRAMME_SETUP, "contributor_create": PROGRAMME_SETUP,
    "contributor_update": PROGRAMME_SETUP, "contributor_delete": PROGRAMME_SETUP,
    "action_create": PROGRAMME_SETUP,
    "action_update": PROGRAMME_SETUP,
    "activity_create": PROGRAMME_SETUP,
    "activity_update": PROGRAMME_SETUP,
    # Sessions (object rule: animateurs and bénévoles on their ateliers only)
    "session_detail": SESSION_WORK,
    "session_search": SESSION_WORK,
    "session_roster": SESSION_WORK,
    "attendance_toggle": SESSION_WORK,
    "session_headcount": SESSION_WORK,
    "session_newcomer": SESSION_TEAM,
    "session_enrol": SESSION_TEAM,
    "walk_in_take_back": SESSION_TEAM,
    "session_journal": SESSION_TEAM,
    "session_facilitators": SESSION_TEAM,
    "session_cancel": SESSION_STATUS,
    "session_restore": SESSION_STATUS,
    # Appointment desks (tisserand.desks)
    "desk_list": DESK_RECEPTION,
    "desk_detail": DESK_RECEPTION,
    "desk_sessions_generate": MANAGEMENT,
    "desk_closure_add": DESK_SETUP,
    "desk_week": DESK_RECEPTION,
    "desk_session_detail": DESK_DUTY,
    "desk_session_reopen": DESK_SETUP,
    "desk_day_sheet": DESK_DUTY,
    "desk_walk_in": DESK_DUTY,
    "appointment_book": DESK_RECEPTION,
    "appointment_person_search": DESK_DUTY,
    "appointment_status": DESK_DUTY,
    "appointment_interview": DESK_DUTY,
    # Mending (issue 13): moving a booking is booking; cancelling a day is closing.
    "appointment_move": DESK_RECEPTION,
    "desk_session_cancel": DESK_SETUP,
    "desk_session_warn": DESK_SETUP,
    "desk_figures": DESK_FIGURES,
    # Individual follow-up (tisserand.followup): confidential files
    "followup_list": FOLLOW_UP,
    "followup_create": FOLLOW_UP,
    "followup_person_search": FOLLOW_UP,
    "followup_detail": FOLLOW_UP,
    "followup_update": FOLLOW_UP,
    "followup_close": FOLLOW_UP,
    "followup_reopen": FOLLOW_UP,
    "followup_contact_add": FOLLOW_UP,
    "followup_referral_add": FOLLOW_UP,
    "followup_referral_update": FOLLOW_UP,
    "followup_figures": FOLLOW_UP_FIGURES,
    # Yearly report (tisserand.reports)
    "report": REPORT_READERS,
    "report_download": REPORT_READERS,
    "sheet_list": MANAGEMENT,
    "sheet_edit": MANAGEMENT,
    "answer_regenerate": MANAGEMENT,
    "sheet_copy_previous": MANAGEMENT,
    "action_figures_set": MANAGEMENT,
    "centre_sections": MANAGEMENT,
}


def rule_for(url_name: str) -> str | frozenset[str] | None:
    """The entry of the matrix, ``None`` when the url name has none (refused)."""
    return PERMISSIONS.get(url_name)


def has_any_role(user, roles: frozenset[str]) -> bool:
    """Does the user hold one of ``roles`` (one of the sets named above)?"""
    return bool(user_roles(user) & roles)


def may_open(user, url_name: str) -> bool:
    """May this user open the screen named ``url_name``? Unknown names: no."""
    rule = rule_for(url_name)
    if rule is None:
        return False
    if rule == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if rule == ANY_USER:
        return True
    return bool(user_roles(user) & rule)


class AllowedUrls:
    """``{% if "person_list" in allowed_urls %}`` in templates: the matrix for this user."""

    def __init__(self, user):
        self.user = user

    def __contains__(self, url_name) -> bool:
        return may_open(self.user, str(url_name))

    def __bool__(self) -> bool:
        return True
