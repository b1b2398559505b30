"""Services of the programme screens: actions with their partners, ateliers with their
weekly slots, the centre and its reference lists. Each write audited on the right record;
a refused write changes nothing."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from tisserand.activities import programme_services, setup_services
from tisserand.activities.models import (
    Action,
    ActionPartner,
    Activity,
    FundingScheme,
    Session,
    WeeklySlot,
)
from tisserand.activities.programme_services import Partnership, Slot
from tisserand.activities.services import sessions_cancel_range, sessions_generate
from tisserand.audit.models import AuditEntry
from tisserand.core.models import Centre, Partner, Place, Sector
from tisserand.core.versioning import EditConflict
from tisserand.testing.factories import (
    ActionFactory,
    ActivityFactory,
    CancellationReasonFactory,
    ContributorFactory,
    PartnerFactory,
    PlaceFactory,
    SectorFactory,
    SessionFactory,
)


def entries_for(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).order_by("id")


@pytest.fixture
def base(db):
    return {
        "families": SectorFactory(name="Adultes et familles"),
        "childhood": SectorFactory(name="Enfance"),
        "library": PartnerFactory(name="Médiathèque", kind=Partner.Kind.INSTITUTION),
        "caf": PartnerFactory(name="CAF du Nord", kind=Partner.Kind.INSTITUTION),
        "clas": FundingScheme.objects.create(code="CLAS", name="Accompagnement scolaire"),
        "claire": ContributorFactory(first_name="Claire"),
        "room": PlaceFactory(name="Salle Pellevoisin"),
        "square": PlaceFactory(name="Square Saint-Maurice", is_outreach=True),
    }


def _create_action(base, **overrides):
    fields = {"name": "Ateliers Parents/Enfants", "kind": Action.Kind.PARENT_CHILD,
              "main_sector": base["families"], **overrides}
    return programme_services.action_create(
        fields=fields,
        links={"sectors": [base["families"], base["childhood"]],
               "funding_schemes": [base["clas"]], "referents": [base["claire"]]},
        partnerships=[
            Partnership(partner=base["library"], role=ActionPartner.Role.OPERATIONAL,
                        description="Prêt d'albums"),
            Partnership(partner=base["caf"], role=ActionPartner.Role.FUNDER),
        ],
    )


def test_an_action_is_created_with_its_links_and_partners_and_audited(base):
    """GIVEN two sectors, a scheme, a referent, two partners WHEN the action is created
    THEN everything is linked, and the trail has the action's creation (with its links)
    and one creation per partnership, noted with the action."""
    action = _create_action(base)
    assert set(action.sectors.all()) == {base["families"], base["childhood"]}
    assert list(action.funding_schemes.all()) == [base["clas"]]
    assert list(action.referents.all()) == [base["claire"]]
    roles = dict(ActionPartner.objects.filter(action=action).values_list("partner__name", "role"))
    assert roles == {"Médiathèque": "operational", "CAF du Nord": "funder"}
    created = entries_for(action).get()
    assert created.action == AuditEntry.Action.CREATE
    assert {"name", "kind", "main_sector", "sectors", "partners"} <= set(created.fields)
    partnership_entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ActionPartner))
    assert partnership_entries.count() == 2
    assert {e.note for e in partnership_entries} == {f"Action n° {action.pk}"}


def test_updating_an_action_audits_what_changed_and_syncs_partners(base):
    action = _create_action(base)
    version = action.version
    library_link = ActionPartner.objects.get(action=action, partner=base["library"])
    programme_services.action_update(
        action=action, expected_version=version,
        fields={"name": "Ateliers Parents/Enfants", "summary": "Le jeudi soir."},
        links={"sectors": [base["families"]], "funding_schemes": [], "referents": []},
        partnerships=[Partnership(partner=base["library"], role=ActionPartner.Role.OPERATIONAL,
                                  description="Prêt d'albums et lectures")],
    )
    update = entries_for(action).last()
    assert update.action == AuditEntry.Action.UPDATE
    assert set(update.fields) == {"summary", "sectors", "funding_schemes", "referents",
                                  "partners"}
    action.refresh_from_db()
    assert action.version == version + 1
    assert ActionPartner.objects.filter(action=action).count() == 1
    assert entries_for(library_link).last().fields == ["description"]
    deleted = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ActionPartner),
        action=AuditEntry.Action.DELETE)
    assert deleted.count() == 1


def test_saving_an_action_unchanged_writes_no_update(base):
    action = _create_action(base)
    before = AuditEntry.objects.count()
    programme_services.action_update(
        action=action, fields={"name": action.name},
        links={"sectors": list(action.sectors.all()), "funding_schemes": [base["clas"]],
               "referents": [base["claire"]]},
        partnerships=[
            Partnership(partner=base["library"], role=ActionPartner.Role.OPERATIONAL,
                        description="Prêt d'albums"),
            Partnership(partner=base["caf"], role=ActionPartner.Role.FUNDER),
        ],
    )
    assert AuditEntry.objects.count() == before


def test_a_stale_version_is_a_conflict_and_saves_nothing(base):
    action = _create_action(base)
    stale = action.version
    programme_services.action_update(action=Action.objects.get(pk=action.pk),
                                     fields={"summary": "Première"},
                                     links={"sectors": [base["families"]]},
                                     expected_version=stale)
    with pytest.raises(EditConflict) as conflict:
        programme_services.action_update(action=Action.objects.get(pk=action.pk),
                                         fields={"summary": "Seconde"},
                                         links={"sectors": [base["families"]]},
                                         expected_version=stale)
    assert "Rien n'a été enregistré" in conflict.value.messages[0]
    assert Action.objects.get(pk=action.pk).summary == "Première"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"links": {"sectors": []}}, "sectors", "Choisissez au moins un secteur."),
        ({"main": "other"}, "main_sector", "Le secteur principal doit être l'un des secteurs"),
        ({"name": "ateliers parents/enfants "}, "name", "Une action porte déjà ce nom."),
        ({"partners": "twice"}, "partners", "figure deux fois avec le même rôle"),
        ({"dates": True}, "end_date", "La date de fin précède la date de début."),
    ],
)
def test_a_wrong_action_is_refused_in_french_and_changes_nothing(base, change, field, message):
    _create_action(base)
    other = SectorFactory(name="Jeunesse")
    links = change.get("links", {"sectors": [base["families"]]})
    fields = {"name": change.get("name", "Jeunesse en fête"),
              "main_sector": other if change.get("main") else None}
    if change.get("dates"):
        fields.update(start_date=dt.date(2020, 6, 1), end_date=dt.date(2020, 1, 1))
    partnerships = []
    if change.get("partners"):
        partnerships = [Partnership(partner=base["caf"], role=ActionPartner.Role.FUNDER)] * 2
    before = (Action.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        programme_services.action_create(fields=fields, links=links, partnerships=partnerships)
    assert message in " ".join(refused.value.message_dict[field])
    assert (Action.objects.count(), AuditEntry.objects.count()) == before


# --- ateliers ------------------------------------------------------------------------------


def test_an_atelier_with_two_slots_is_created_and_audited(base):
    action = ActionFactory()
    activity = programme_services.activity_create(
        action=action,
        fields={"name": "Éveil aux livres", "min_age": 0, "max_age": 6, "capacity": 12,
                "default_place": base["room"]},
        contributors=[base["claire"]],
        slots=[Slot(weekday=1, start_time=dt.time(17), end_time=dt.time(18)),
               Slot(weekday=3, start_time=dt.time(9, 30), end_time=dt.time(11),
                    place=base["square"])],
    )
    assert [(s.weekday, s.start_time, s.place_id) for s in activity.slots.all()] == [
        (1, dt.time(17), None), (3, dt.time(9, 30), base["square"].pk)]
    assert list(activity.contributors.all()) == [base["claire"]]
    created = entries_for(activity).get()
    assert created.action == AuditEntry.Action.CREATE
    assert {"name", "min_age", "max_age", "capacity", "default_place", "contributors",
            "slots"} <= set(created.fields)
    slot_entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(WeeklySlot))
    assert slot_entries.count() == 2
    assert {e.note for e in slot_entries} == {f"Atelier n° {activity.pk}"}


def test_updating_slots_keeps_the_unchanged_and_audits_each_change(base):
    activity = ActivityFactory()
    slots = [Slot(weekday=1, start_time=dt.time(17), end_time=dt.time(18)),
             Slot(weekday=3, start_time=dt.time(17), end_time=dt.time(18))]
    programme_services.activity_update(activity=activity, fields={}, slots=slots)
    tuesday = WeeklySlot.objects.get(activity=activity, weekday=1)
    programme_services.activity_update(
        activity=Activity.objects.get(pk=activity.pk), fields={"capacity": 10},
        slots=[Slot(weekday=1, start_time=dt.time(17), end_time=dt.time(18, 30))],
    )
    assert list(WeeklySlot.objects.filter(activity=activity)) == [tuesday]
    tuesday.refresh_from_db()
    assert tuesday.end_time == dt.time(18, 30)
    assert entries_for(tuesday).last().fields == ["end_time"]
    assert entries_for(activity).last().fields == ["capacity", "slots"]
    assert AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(WeeklySlot),
        action=AuditEntry.Action.DELETE).count() == 1


@pytest.mark.parametrize(
    ("fields", "slots", "field", "message"),
    [
        ({"min_age": 12, "max_age": 6}, [], "max_age",
         "L'âge maximum doit être au moins égal à l'âge minimum."),
        ({"max_age": 130}, [], "max_age", "Indiquez un âge de 0 à 120 ans."),
        ({"capacity": 0}, [], "capacity", "Indiquez de 1 à 1000 places, ou laissez vide."),
        ({"capacity": 5000}, [], "capacity", "Indiquez de 1 à 1000 places"),
        ({}, [Slot(weekday=1, start_time=dt.time(18), end_time=dt.time(17))], "slots",
         "Le créneau doit se terminer après son heure de début."),
        ({}, [Slot(weekday=1, start_time=dt.time(17), end_time=dt.time(18))] * 2, "slots",
         "Deux créneaux commencent le même jour à la même heure"),
        ({"name": "éveil AUX livres"}, [], "name", "Cette action a déjà un atelier de ce nom."),
    ],
)
def test_a_wrong_atelier_is_refused_in_french_and_changes_nothing(db, fields, slots, field,
                                                                   message):
    existing = ActivityFactory(name="Éveil aux livres")
    before = (Activity.objects.count(), WeeklySlot.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        programme_services.activity_create(
            action=existing.action, fields={"name": "Cirque", **fields}, slots=slots)
    assert message in " ".join(refused.value.message_dict[field])
    after = (Activity.objects.count(), WeeklySlot.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_generating_and_cancelling_sessions_is_audited_on_the_atelier(db):
    """One entry per atelier for a season's worth of sessions, with the count."""
    activity = programme_services.activity_create(
        action=ActionFactory(), fields={"name": "Cirque"},
        slots=[Slot(weekday=0, start_time=dt.time(17), end_time=dt.time(18))])
    created = sessions_generate(activity=activity, start=dt.date(2026, 9, 7),
                                end=dt.date(2026, 9, 27))
    assert len(created) == 3
    generated = entries_for(activity).last()
    assert generated.fields == ["sessions"]
    assert generated.note == "3 séance(s) générée(s) du 07/09/2026 au 27/09/2026"
    cancelled = sessions_cancel_range(start=dt.date(2026, 9, 14), end=dt.date(2026, 9, 20),
                                      reason=CancellationReasonFactory())
    assert cancelled == 1
    assert entries_for(activity).last().note == \
        "1 séance(s) annulée(s) du 14/09/2026 au 20/09/2026"


# --- the centre and its reference lists ---------------------------------------------------


def test_a_place_in_use_is_not_deleted_and_the_refusal_says_where(db):
    place = PlaceFactory(name="Salle bleue")
    activity = ActivityFactory(default_place=place)
    SessionFactory(activity=activity, place=place)
    SessionFactory(activity=activity, place=place, date=dt.date(2020, 2, 10))
    with pytest.raises(ValidationError) as refused:
        setup_services.reference_delete(instance=place)
    message = refused.value.messages[0]
    assert "« Salle bleue » est utilisé" in message
    assert "1 atelier" in message and "2 séances" in message
    assert Place.objects.filter(pk=place.pk).exists()
    assert Session.objects.filter(place=place).count() == 2


def test_a_sector_used_by_an_action_is_kept_an_unused_one_is_deleted_and_audited(db):
    used, unused = SectorFactory(name="Jeunesse"), SectorFactory(name="Vieux secteur")
    ActionFactory(sectors=[used])
    with pytest.raises(ValidationError, match="1 action"):
        setup_services.reference_delete(instance=used)
    pk = unused.pk
    setup_services.reference_delete(instance=unused)
    assert not Sector.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert entry.object_id == str(pk) and entry.object_label == f"Secteur n° {pk}"


@pytest.mark.parametrize(
    ("model", "fields", "message"),
    [
        (Place, {"name": "salle BLEUE"}, "Un lieu porte déjà ce nom."),
        (Sector, {"name": " Salle bleue ", "position": 1}, None),
        (Partner, {"name": "Salle Bleue", "kind": "other"}, None),
    ],
)
def test_names_are_unique_per_list_whatever_their_case(db, model, fields, message):
    PlaceFactory(name="Salle bleue")
    if message is None:  # another list: the same name is fine
        saved = setup_services.reference_save(instance=model(), fields=fields)
        assert saved.name == fields["name"].strip()
        assert entries_for(saved).get().action == AuditEntry.Action.CREATE
        return
    with pytest.raises(ValidationError) as refused:
        setup_services.reference_save(instance=model(), fields=fields)
    assert refused.value.message_dict["name"] == [message]
    assert model.objects.count() == 1


def test_the_centre_settings_are_saved_and_audited_without_values(db):
    centre = Centre.objects.create(name="Centre social")
    setup_services.centre_save(centre=centre, fields={
        "name": "Centre social Saint-Maurice", "city": "Lille", "regular_share": 40,
        "records_start": dt.date(2019, 1, 1)})
    centre.refresh_from_db()
    assert (centre.city, centre.regular_share) == ("Lille", 40)
    entry = entries_for(centre).get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert set(entry.fields) == {"name", "city", "regular_share", "records_start"}
    assert "Lille" not in entry.note


def test_a_picture_that_is_not_an_image_keeps_nothing(db):
    centre = Centre.objects.create(name="Centre social")
    with pytest.raises(ValidationError, match="pas une image lisible"):
        setup_services.centre_save(centre=centre, fields={"city": "Lille"},
                                   logo=b"\x89PNG\r\n\x1a\nnot really")
    centre.refresh_from_db()
    assert centre.city == "" and centre.logo is None
    assert not AuditEntry.objects.exists()


def test_a_partner_or_a_scheme_linked_to_an_action_is_kept(db):
    """Deleting them would silently drop the action's partnership or scheme: refused."""
    action = ActionFactory(name="CLAS")
    partner = PartnerFactory(name="École Jean Macé")
    ActionPartner.objects.create(action=action, partner=partner, role="operational")
    ContributorFactory(organisation=partner)
    scheme = FundingScheme.objects.create(code="CLAS", name="Accompagnement scolaire")
    action.funding_schemes.add(scheme)
    with pytest.raises(ValidationError) as refused:
        setup_services.reference_delete(instance=partner)
    assert "1 action" in refused.value.messages[0]
    assert "1 intervenant" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="1 action"):
        setup_services.reference_delete(instance=scheme)
    assert ActionPartner.objects.filter(partner=partner).exists()
    assert list(action.funding_schemes.all()) == [scheme]


def test_the_first_save_of_the_settings_creates_the_centre(db):
    centre = setup_services.centre_save(centre=None, fields={"name": "Centre social",
                                                             "city": "Lille"})
    assert Centre.objects.get() == centre
    entry = entries_for(centre).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert set(entry.fields) == {"name", "city"}


def test_two_editors_of_an_atelier_lose_nothing(db):
    """The second save from the same starting version is refused; its slots are not
    written either."""
    activity = ActivityFactory(name="Cirque")
    stale = activity.version
    programme_services.activity_update(
        activity=Activity.objects.get(pk=activity.pk), fields={"capacity": 10},
        expected_version=stale)
    with pytest.raises(EditConflict) as conflict:
        programme_services.activity_update(
            activity=Activity.objects.get(pk=activity.pk), fields={"capacity": 15},
            slots=[Slot(weekday=2, start_time=dt.time(14), end_time=dt.time(16))],
            expected_version=stale)
    assert "Places : « 10 » (vous : « 15 »)" in conflict.value.messages[0]
    activity.refresh_from_db()
    assert activity.capacity == 10 and not activity.slots.exists()
