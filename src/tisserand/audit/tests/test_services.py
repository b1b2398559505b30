"""log_action, its actor, and the append-only rule."""

import pytest
from django.contrib.admin.sites import site
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from tisserand.audit.admin import AuditEntryAdmin
from tisserand.audit.middleware import AuditUserMiddleware, acting_as, current_user
from tisserand.audit.models import AuditEntry
from tisserand.audit.services import (
    SYSTEM_LABEL,
    changed_fields,
    field_values,
    filled_fields,
    log_action,
    log_login,
    log_view,
    stored_values,
)
from tisserand.people.models import Household, Person
from tisserand.testing.factories import HouseholdFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_entry_without_request_is_signed_systeme():
    """GIVEN no request (a command) WHEN an action is logged THEN the author is "système"."""
    person = PersonFactory()
    entry = log_action(action="update", obj=person, fields=["phone"])
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == SYSTEM_LABEL == "système"
    assert entry.content_type == ContentType.objects.get_for_model(Person)
    assert entry.object_id == str(person.pk)
    assert entry.object_label == f"Personne n° {person.pk}"
    assert entry.fields == ["phone"]


def test_the_actor_comes_from_the_current_request(direction_user):
    person = PersonFactory()
    with acting_as(direction_user):
        entry = log_action(action="update", obj=person)
    assert entry.actor == direction_user
    assert entry.actor_label == "direction"
    assert current_user() is None  # reset after the block


def test_the_middleware_sets_the_actor_for_the_request_only(accueil_user):
    seen = []

    def view(request):
        seen.append(current_user())
        return None

    request = RequestFactory().get("/")
    request.user = accueil_user
    AuditUserMiddleware(view)(request)
    assert seen == [accueil_user]
    assert current_user() is None


def test_an_anonymous_request_is_signed_systeme():
    from django.contrib.auth.models import AnonymousUser

    with acting_as(AnonymousUser()):
        entry = log_action(action="login_failed")
    assert entry.actor is None and entry.actor_label == "système"


def test_an_explicit_actor_wins_over_the_request(direction_user, accueil_user):
    with acting_as(direction_user):
        entry = log_action(action="export", obj=PersonFactory(), actor=accueil_user)
    assert entry.actor == accueil_user


def test_the_actor_label_survives_the_deletion_of_the_account():
    user = UserFactory(username="ancienne")
    entry = log_action(action="view", obj=HouseholdFactory(), actor=user)
    user.delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == "ancienne"


def test_a_value_passed_as_a_field_name_is_refused_and_nothing_is_written():
    person = PersonFactory(first_name="Zéphirine")
    with pytest.raises(ValueError):
        log_action(action="update", obj=person, fields=["Zéphirine"])
    assert not AuditEntry.objects.exists()


def test_an_unknown_action_is_refused():
    with pytest.raises(ValueError):
        log_action(action="peek", obj=PersonFactory())
    assert not AuditEntry.objects.exists()


def test_the_note_is_cut_to_its_column():
    entry = log_action(action="purge", note="x" * 500)
    assert len(entry.note) == 200


def test_log_view_records_what_was_shown(accueil_user):
    household = HouseholdFactory(name="Famille Brocéliande")
    with acting_as(accueil_user):
        entry = log_view(household, what="quotient familial")
    assert (entry.action, entry.note, entry.actor) == ("view", "quotient familial", accueil_user)
    assert entry.object_label == f"Foyer n° {household.pk}"
    assert "Brocéliande" not in entry.object_label


def test_changed_fields_compares_before_and_after():
    person = PersonFactory(phone="0600000000", first_name="Ana")
    before = field_values(person, ["phone", "first_name", "household"])
    person.phone = "0611111111"
    person.household = HouseholdFactory()
    assert changed_fields(before, person) == ["phone", "household"]


def test_stored_values_read_the_database_not_the_instance():
    """A model form copies its data onto the instance before the service runs."""
    person = PersonFactory(phone="0600000000")
    person.phone = "0611111111"
    assert stored_values(person, ["phone"]) == {"phone": "0600000000"}


def test_filled_fields_of_a_new_record_skip_the_defaults():
    household = Household(name="Foyer", city="Lille")
    assert filled_fields(household, ["name", "composition", "city", "phone"]) == ["name", "city"]


def test_a_successful_login_is_signed_by_the_user(direction_user):
    entry = log_login(action="login", user=direction_user)
    assert entry.actor == direction_user
    assert entry.object_label == f"Utilisateur n° {direction_user.pk}"


def test_a_failed_login_names_the_account_but_never_the_typed_text(accueil_user):
    known = log_login(action="login_failed", username="accueil")
    unknown = log_login(action="login_failed", username="MonMotDePasse!")
    assert known.actor is None and known.object_id == str(accueil_user.pk)
    assert unknown.object_id == "" and unknown.note == "identifiant inconnu"
    assert "MonMotDePasse" not in " ".join(
        str(v) for v in AuditEntry.objects.values_list("actor_label", "object_label", "note")
    )


def test_logout_is_recorded(client_for, accueil_user):
    client = client_for(accueil_user)
    client.post("/deconnexion/")
    entry = AuditEntry.objects.get(action="logout")
    assert entry.actor == accueil_user
    assert entry.object_id == str(accueil_user.pk)


# Append-only ---------------------------------------------------------------------------


def test_saving_an_existing_entry_is_refused():
    entry = log_action(action="view", obj=PersonFactory())
    entry.note = "modifiée"
    with pytest.raises(PermissionDenied):
        entry.save()
    entry.refresh_from_db()
    assert entry.note == ""


def test_deleting_entries_is_refused():
    entry = log_action(action="view", obj=PersonFactory())
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.filter(pk=entry.pk).update(note="modifiée")
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_the_admin_can_read_but_not_add_change_or_delete(rf):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    request = rf.get("/admin/")
    request.user = superuser
    model_admin = site._registry[AuditEntry]
    assert isinstance(model_admin, AuditEntryAdmin)
    entry = log_action(action="view", obj=PersonFactory())
    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_the_admin_pages_show_the_entry_and_refuse_a_change(client):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    entry = log_action(action="view", obj=PersonFactory(), note="quotient familial")
    client.force_login(superuser)
    listing = client.get("/admin/audit/auditentry/")
    assert "quotient familial" in listing.content.decode()
    client.post(
        f"/admin/audit/auditentry/{entry.pk}/change/", {"note": "effacé", "action": "view"}
    )
    deleted = client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    entry.refresh_from_db()
    assert entry.note == "quotient familial"
