"""The Django admin of the reference data (direction only)."""

import pytest

ADMIN_MODELS = [
    "core/centre", "core/place", "core/socialproject", "core/orientation", "core/sector",
    "core/partner", "core/contributor", "core/cancellationreason",
    "activities/fundingscheme", "activities/action", "activities/activity", "activities/session",
]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_reference_data_is_editable_in_the_admin(db, client_for, model):
    """GIVEN a superuser WHEN they open the list and the add form of each reference model
    THEN both pages answer, in French."""
    from tisserand.testing.factories import SessionFactory, UserFactory

    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    SessionFactory()  # rows in the lists: session, activity, action, sector, place
    client = client_for(admin)
    changelist = client.get(f"/admin/{model}/")
    assert changelist.status_code == 200
    assert "Sélectionnez" in changelist.content.decode() or "Ajouter" in changelist.content.decode()
    assert client.get(f"/admin/{model}/add/").status_code == 200


def test_action_admin_has_the_partner_inline_and_activity_the_slot_inline(db, client_for):
    from tisserand.testing.factories import UserFactory

    client = client_for(UserFactory(username="admin", is_staff=True, is_superuser=True))
    assert "Partenariats" in client.get("/admin/activities/action/add/").content.decode()
    assert "Créneaux hebdomadaires" in client.get(
        "/admin/activities/activity/add/"
    ).content.decode()
