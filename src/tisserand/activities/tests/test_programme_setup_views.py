"""The programme screens as the coordination uses them: an action with a partner in its
role, an atelier with two weekly slots, its sessions generated; the centre's settings and
the reference lists. French messages on bad input, nothing saved; who may open them."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from tisserand.activities.models import (
    Action,
    ActionPartner,
    Activity,
    FundingScheme,
    Session,
    WeeklySlot,
)
from tisserand.audit.models import AuditEntry
from tisserand.core.models import Centre, Contributor, Partner, Place
from tisserand.core.permissions import MANAGEMENT, PERMISSIONS
from tisserand.core.roles import ALL_ROLES, COORDINATION, DIRECTION
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    PartnerFactory,
    PlaceFactory,
    SectorFactory,
    SessionFactory,
    UserFactory,
)

SETUP_URLS = [
    "programme_home", "centre_settings", "action_create", "action_update", "activity_create",
    "activity_update",
    *[f"{kind}_{screen}"
      for kind in ("place", "sector", "partner", "funding_scheme", "cancellation_reason")
      for screen in ("list", "create", "update", "delete")],
]


@pytest.fixture
def coordination(client, db):
    client.force_login(UserFactory(username="coordination", roles=[COORDINATION]))
    return client


def management_form(prefix: str, total: int, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def action_post(sector, **extra) -> dict:
    data = {"name": "Ateliers Parents/Enfants", "kind": Action.Kind.PARENT_CHILD,
            "report_period": Action.ReportPeriod.YEAR, "position": "0",
            "sectors": [sector.pk], **management_form("partenaires", 2)}
    data.update(extra)
    return data


def activity_post(**extra) -> dict:
    data = {"name": "Éveil aux livres", **management_form("creneaux", 2)}
    data.update(extra)
    return data


def page_of(response) -> str:
    return response.content.decode()


# --- actions -------------------------------------------------------------------------------


def test_coordination_creates_an_action_with_a_partner_in_its_role(coordination):
    """GIVEN a sector, a partner, a funding scheme WHEN the coordination fills the new
    action's form with the partner as "Oriente le public" THEN the action page shows
    the partner and its role, and the trail has both creations."""
    sector = SectorFactory(name="Adultes et familles")
    partner = PartnerFactory(name="PMI Saint-Maurice", kind=Partner.Kind.INSTITUTION)
    scheme = FundingScheme.objects.create(code="REAAP", name="Réseau parents")
    referent = ContributorFactory(first_name="Claire", last_name="Martin")
    response = coordination.post(reverse("action_create"), action_post(
        sector, main_sector=sector.pk, funding_schemes=[scheme.pk], referents=[referent.pk],
        start_date="2026-09-01", **{
            "partenaires-0-partner": partner.pk,
            "partenaires-0-role": ActionPartner.Role.REFERRER,
            "partenaires-0-description": "Oriente les familles",
        }))
    action = Action.objects.get(name="Ateliers Parents/Enfants")
    assert response.status_code == 302
    assert response["Location"] == reverse("action_detail", args=[action.pk])
    link = ActionPartner.objects.get(action=action)
    assert (link.partner, link.role, link.description) == (
        partner, ActionPartner.Role.REFERRER, "Oriente les familles")
    assert list(action.funding_schemes.all()) == [scheme]
    assert action.start_date == dt.date(2026, 9, 1)
    page = page_of(coordination.get(response["Location"]))
    assert "PMI Saint-Maurice" in page and "Oriente le public" in page
    assert AuditEntry.objects.filter(action="create", object_id=str(action.pk),
                                     object_label=f"Action n° {action.pk}").exists()
    assert AuditEntry.objects.filter(action="create", object_id=str(link.pk)).exists()


def test_editing_an_action_shows_its_partners_and_keeps_them(coordination):
    partner = PartnerFactory(name="Médiathèque")
    action = ActionFactory(name="Lire ensemble")
    ActionPartner.objects.create(action=action, partner=partner, role="operational")
    page = page_of(coordination.get(reverse("action_update", args=[action.pk])))
    assert 'name="partenaires-0-partner"' in page
    assert f'<option value="{partner.pk}" selected>' in page
    data = action_post(action.sectors.get(), name="Lire ensemble", version=action.version,
                       summary="Le mercredi.", **{
                           **management_form("partenaires", 3, initial=1),
                           "partenaires-0-partner": partner.pk,
                           "partenaires-0-role": "operational"})
    response = coordination.post(reverse("action_update", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.summary == "Le mercredi."
    assert ActionPartner.objects.filter(action=action).count() == 1


def test_a_second_editor_of_an_action_is_told_and_nothing_is_lost(coordination):
    action = ActionFactory(name="Lire ensemble", summary="Ancien")
    stale = action.version
    url = reverse("action_update", args=[action.pk])
    sector = action.sectors.get()
    assert coordination.post(url, action_post(sector, name="Lire ensemble", summary="Premier",
                                              version=stale)).status_code == 302
    response = coordination.post(url, action_post(sector, name="Lire ensemble",
                                                  summary="Second", version=stale))
    assert response.status_code == 200
    assert "Pendant que vous modifiiez cette fiche" in page_of(response)
    assert Action.objects.get(pk=action.pk).summary == "Premier"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"sectors": []}, "Choisissez au moins un secteur"),
        ({"start_date": "0001-01-01"}, "Date hors limites : entre 1900 et 2100."),
        ({"start_date": "2020-06-01", "end_date": "2020-01-01"},
         "La date de fin précède la date de début."),
        ({"partenaires-0-role": "funder"}, "Ce champ est obligatoire."),
    ],
)
def test_a_wrong_action_form_says_why_in_french_and_saves_nothing(coordination, extra,
                                                                  message):
    sector = SectorFactory()
    response = coordination.post(reverse("action_create"), action_post(sector, **extra))
    assert response.status_code == 200
    assert message in page_of(response)
    assert not Action.objects.exists()


# --- ateliers and their sessions --------------------------------------------------------


def test_coordination_creates_an_atelier_with_two_slots_and_generates_its_sessions(
        coordination):
    """GIVEN an action WHEN the coordination creates 'Éveil aux livres' from the action's
    page with Tuesday 17:00–18:00 and Thursday 9:30–11:00 at the square, then generates
    the sessions of two weeks THEN four sessions exist at those days, times and places."""
    action = ActionFactory(name="Ateliers Parents/Enfants")
    room, square = PlaceFactory(name="Salle Pellevoisin"), PlaceFactory(name="Square")
    action_page = page_of(coordination.get(reverse("action_detail", args=[action.pk])))
    assert reverse("activity_create", args=[action.pk]) in action_page
    response = coordination.post(reverse("activity_create", args=[action.pk]), activity_post(
        min_age="0", max_age="6", capacity="12", default_place=room.pk, **{
            "creneaux-0-weekday": "1", "creneaux-0-start_time": "17:00",
            "creneaux-0-end_time": "18:00",
            "creneaux-1-weekday": "3", "creneaux-1-start_time": "09:30",
            "creneaux-1-end_time": "11:00", "creneaux-1-place": square.pk,
        }))
    activity = Activity.objects.get(action=action, name="Éveil aux livres")
    assert response["Location"] == reverse("activity_detail", args=[activity.pk])
    assert (activity.min_age, activity.max_age, activity.capacity) == (0, 6, 12)
    assert activity.slots.count() == 2
    page = page_of(coordination.get(response["Location"]))
    assert reverse("sessions_generate", args=[activity.pk]) in page
    assert reverse("activity_update", args=[activity.pk]) in page

    response = coordination.post(reverse("sessions_generate", args=[activity.pk]), {
        "start": "2026-09-07", "end": "2026-09-20", "calendar_filter": "all"})
    assert response.status_code == 302
    sessions = [(s.date, s.start_time, s.end_time, s.place_id)
                for s in Session.objects.filter(activity=activity)]
    assert sessions == [
        (dt.date(2026, 9, 8), dt.time(17), dt.time(18), room.pk),
        (dt.date(2026, 9, 10), dt.time(9, 30), dt.time(11), square.pk),
        (dt.date(2026, 9, 15), dt.time(17), dt.time(18), room.pk),
        (dt.date(2026, 9, 17), dt.time(9, 30), dt.time(11), square.pk),
    ]
    listed = page_of(coordination.get(response["Location"]))
    assert "4 séances créées." in listed
    assert "mardi 8" in listed and "jeudi 17" in listed


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"min_age": "12", "max_age": "6"},
         "L&#x27;âge maximum doit être au moins égal à l&#x27;âge minimum."),
        ({"max_age": "150"}, "Indiquez un âge de 0 à 120 ans."),
        ({"creneaux-0-weekday": "1", "creneaux-0-start_time": "18:00",
          "creneaux-0-end_time": "17:00"},
         "Le créneau doit se terminer après son heure de début."),
        ({"creneaux-0-weekday": "1", "creneaux-0-start_time": "17:00",
          "creneaux-0-end_time": "18:00", "creneaux-1-weekday": "1",
          "creneaux-1-start_time": "17:00", "creneaux-1-end_time": "19:00"},
         "Deux créneaux commencent le même jour à la même heure"),
        ({"creneaux-0-start_time": "17:00", "creneaux-0-end_time": "18:00"},
         "Ce champ est obligatoire."),
        ({"start_date": "2026-09-01", "end_date": "2026-06-30"},
         "La date de fin précède la date de début."),
        ({"start_date": "9999-12-31"}, "Date hors limites : entre 1900 et 2100."),
    ],
)
def test_a_wrong_atelier_form_says_why_in_french_and_saves_nothing(coordination, extra,
                                                                   message):
    action = ActionFactory()
    response = coordination.post(reverse("activity_create", args=[action.pk]),
                                 activity_post(**extra))
    assert response.status_code == 200
    assert message in page_of(response)
    assert not Activity.objects.exists() and not WeeklySlot.objects.exists()


def test_editing_an_atelier_shows_its_slots_and_removes_a_ticked_one(coordination):
    activity = ActivityFactory(name="Cirque")
    WeeklySlot.objects.create(activity=activity, weekday=2, start_time=dt.time(14),
                              end_time=dt.time(16))
    WeeklySlot.objects.create(activity=activity, weekday=4, start_time=dt.time(17),
                              end_time=dt.time(18))
    url = reverse("activity_update", args=[activity.pk])
    page = page_of(coordination.get(url))
    assert 'value="14:00"' in page and 'value="17:00"' in page
    response = coordination.post(url, activity_post(name="Cirque", version=activity.version, **{
        **management_form("creneaux", 4, initial=2),
        "creneaux-0-weekday": "2", "creneaux-0-start_time": "14:00",
        "creneaux-0-end_time": "16:30",
        "creneaux-1-weekday": "4", "creneaux-1-start_time": "17:00",
        "creneaux-1-end_time": "18:00", "creneaux-1-DELETE": "on"}))
    assert response.status_code == 302
    assert [(s.weekday, s.end_time) for s in activity.slots.all()] == [(2, dt.time(16, 30))]


# --- the centre and the reference lists --------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "purple").save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_centre_settings_save_the_address_and_the_logo(coordination):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Centre.objects.create(name="Centre social")
    page = page_of(coordination.get(reverse("centre_settings")))
    assert "Données complètes depuis le" in page
    response = coordination.post(reverse("centre_settings"), {
        "name": "Centre social Saint-Maurice", "city": "Lille", "postcode": "59000",
        "regular_share": "50", "records_start": "2019-01-01",
        "logo_file": SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
    })
    assert response.status_code == 302
    centre = Centre.objects.get()
    assert (centre.name, centre.postcode, centre.records_start) == (
        "Centre social Saint-Maurice", "59000", dt.date(2019, 1, 1))
    assert bytes(centre.logo).startswith(b"\x89PNG")
    entry = AuditEntry.objects.get(object_id=str(centre.pk), action="update")
    assert {"name", "postcode", "records_start", "logo"} <= set(entry.fields)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"regular_share": "0"}, "Assurez-vous que cette valeur est supérieure ou égale à 1."),
        ({"caf_approval_start": "2024-01-01", "caf_approval_end": "2020-01-01"},
         "La fin de l&#x27;agrément précède son début."),
        ({"records_start": "1899-12-31"}, "Date hors limites : entre 1900 et 2100."),
    ],
)
def test_wrong_centre_settings_are_refused_in_french(coordination, data, message):
    Centre.objects.create(name="Centre social")
    response = coordination.post(reverse("centre_settings"),
                                 {"name": "Autre nom", "regular_share": "50", **data})
    assert message in page_of(response)
    assert Centre.objects.get().name == "Centre social"


def test_a_duplicate_place_name_is_refused_in_french(coordination):
    PlaceFactory(name="Salle Pellevoisin")
    response = coordination.post(reverse("place_create"), {"name": "salle pellevoisin"})
    assert response.status_code == 200
    assert "Un lieu porte déjà ce nom." in page_of(response)
    assert Place.objects.count() == 1


def test_a_place_is_created_listed_and_edited(coordination):
    response = coordination.post(reverse("place_create"),
                                 {"name": "Square Saint-Maurice", "is_outreach": "on"})
    assert response["Location"] == reverse("place_list")
    place = Place.objects.get()
    assert place.is_outreach
    page = page_of(coordination.get(reverse("place_list")))
    assert "Square Saint-Maurice" in page and reverse("place_update", args=[place.pk]) in page
    coordination.post(reverse("place_update", args=[place.pk]),
                      {"name": "Square Saint-Maurice", "address": "rue du Square"})
    place.refresh_from_db()
    assert place.address == "rue du Square" and not place.is_outreach
    assert AuditEntry.objects.filter(object_id=str(place.pk), action="update",
                                     fields=["address", "is_outreach"]).exists()


def test_deleting_a_place_in_use_is_refused_with_where_it_is_used(coordination):
    place = PlaceFactory(name="Salle bleue")
    SessionFactory(activity=ActivityFactory(default_place=place), place=place)
    response = coordination.post(reverse("place_delete", args=[place.pk]), follow=True)
    assert "« Salle bleue » est utilisé (1 atelier, 1 séance)" in page_of(response)
    assert Place.objects.filter(pk=place.pk).exists()
    unused = PlaceFactory(name="Salle rouge")
    response = coordination.post(reverse("place_delete", args=[unused.pk]), follow=True)
    assert "« Salle rouge » supprimé." in page_of(response)
    assert not Place.objects.filter(pk=unused.pk).exists()


def test_a_volunteer_is_added_to_the_team_and_offered_as_a_referent(coordination):
    """GIVEN the coordination WHEN it adds a volunteer (a namesake of a staff member is
    allowed: two persons may share a name) THEN the volunteer is audited and offered as a
    referent of actions; a phone that is not one is refused in French."""
    ContributorFactory(first_name="Karima", last_name="Haddad", kind="staff")
    refused = coordination.post(reverse("contributor_create"), {
        "first_name": "Karima", "last_name": "Haddad", "kind": "volunteer",
        "phone": "pas un numéro",
    })
    assert refused.status_code == 200
    assert "Numéro de téléphone non reconnu" in page_of(refused)
    assert Contributor.objects.count() == 1
    response = coordination.post(reverse("contributor_create"), {
        "first_name": "Karima", "last_name": "Haddad", "kind": "volunteer",
        "job_title": "Aide aux devoirs", "phone": "06 12 34 56 78",
        "start_date": "2026-09-01",
    })
    assert response["Location"] == reverse("contributor_list")
    volunteer = Contributor.objects.get(kind="volunteer")
    assert volunteer.start_date == dt.date(2026, 9, 1)
    assert AuditEntry.objects.filter(object_id=str(volunteer.pk), action="create").exists()
    form = page_of(coordination.get(reverse("action_create")))
    assert f'value="{volunteer.pk}"' in form


@pytest.mark.parametrize("kind", ["place", "sector", "partner", "funding_scheme",
                                  "cancellation_reason", "contributor"])
def test_reference_lists_cost_the_same_whatever_their_length(coordination, kind,
                                                             django_assert_max_num_queries):
    makers = {
        "place": lambda n: PlaceFactory(name=f"Salle {n}"),
        "sector": lambda n: SectorFactory(name=f"Secteur {n}"),
        "partner": lambda n: PartnerFactory(name=f"Partenaire {n}"),
        "funding_scheme": lambda n: FundingScheme.objects.create(code=f"D{n}", name="x"),
        "cancellation_reason": lambda n: CancellationReasonFactory(label=f"Motif {n}"),
        "contributor": lambda n: ContributorFactory(last_name=f"Bénévole {n}"),
    }
    url = reverse(f"{kind}_list")
    for n in range(3):
        makers[kind](n)
    with django_assert_max_num_queries(12) as few:
        coordination.get(url)
    for n in range(3, 40):
        makers[kind](n)
    with django_assert_max_num_queries(12) as many:
        page = page_of(coordination.get(url))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.count("/programme/") >= 40


# --- who may open them -------------------------------------------------------------------


def test_every_setup_screen_is_for_the_coordination_and_the_direction_only():
    for name in SETUP_URLS:
        assert PERMISSIONS[name] == MANAGEMENT == {DIRECTION, COORDINATION}, name


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - MANAGEMENT))
def test_other_roles_are_refused_and_save_nothing(client, db, role):
    client.force_login(UserFactory(username=f"u-{role}", roles=[role]))
    action = ActionFactory()
    for url in (reverse("programme_home"), reverse("action_create"),
                reverse("activity_create", args=[action.pk]), reverse("place_create")):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("place_create"), {"name": "Intrus"}).status_code == 403
    assert not Place.objects.filter(name="Intrus").exists()
    page = page_of(client.get(reverse("dashboard")))
    assert reverse("programme_home") not in page


def test_the_programme_entry_and_links_show_to_the_coordination(coordination):
    action = ActionFactory()
    nav = page_of(coordination.get(reverse("dashboard"))).split('class="mainnav"')[1]
    assert f'href="{reverse("programme_home")}"' in nav.split("</nav>")[0]
    listing = page_of(coordination.get(reverse("action_list")))
    assert reverse("action_create") in listing
    home = page_of(coordination.get(reverse("programme_home")))
    for name in ("centre_settings", "place_list", "sector_list", "partner_list",
                 "funding_scheme_list", "cancellation_reason_list", "sessions_cancel_range"):
        assert reverse(name) in home, name
    detail = page_of(coordination.get(reverse("action_detail", args=[action.pk])))
    assert reverse("action_update", args=[action.pk]) in detail


def test_a_reason_added_here_is_offered_when_cancelling_sessions(coordination):
    """A fresh centre has no reason yet: the coordination adds one, then cancels with it."""
    activity = ActivityFactory(name="Cirque")
    SessionFactory(activity=activity, date=dt.date(2026, 11, 3))
    response = coordination.post(reverse("cancellation_reason_create"),
                                 {"label": "Intempéries"})
    assert response["Location"] == reverse("cancellation_reason_list")
    form = page_of(coordination.get(reverse("sessions_cancel_range")))
    assert "Intempéries" in form
    from tisserand.core.models import CancellationReason

    reason = CancellationReason.objects.get(label="Intempéries")
    coordination.post(reverse("sessions_cancel_range"), {
        "start": "2026-11-01", "end": "2026-11-08", "reason": reason.pk, "scope": "all"})
    assert Session.objects.get().status == Session.Status.CANCELLED
    response = coordination.post(reverse("cancellation_reason_delete", args=[reason.pk]),
                                 follow=True)
    assert "« Intempéries » est utilisé (1 séance)" in page_of(response)
