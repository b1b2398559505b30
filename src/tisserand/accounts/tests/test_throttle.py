"""Login throttling: per (account, address), per address, per account; the victim at their
usual address still logs in during a flood; failures counted, not listed."""

import pytest
from django.test import Client
from django.urls import reverse

from tisserand.accounts import throttle
from tisserand.accounts.models import KnownAddress, LoginThrottle
from tisserand.accounts.tests.conftest import PASSWORD
from tisserand.audit.models import AuditEntry
from tisserand.testing.factories import UserFactory

HOME = "192.0.2.10"  # the user's usual address
ATTACKER = "198.51.100.66"
PAIR_LOCKED = "ce compte est bloqué pendant 15 minutes depuis cet appareil"
WAIT = "attendez"


def attempt(client, username, password, ip=HOME):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, clock, username, times, ip=HOME):
    """``times`` wrong passwords, each after the wait the previous one imposed."""
    response = None
    for _ in range(times):
        clock.advance(seconds=61)
        response = attempt(client, username, "mauvais", ip)
        assert not logged_in(client)
    return response


def page(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.django_db
def test_good_password_logs_in_and_remembers_the_address(client, accueil_user):
    response = attempt(client, "accueil", PASSWORD)
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert logged_in(client)
    assert AuditEntry.objects.filter(action="login", actor=accueil_user).count() == 1
    known = KnownAddress.objects.get(user=accueil_user)
    assert HOME not in known.address_hash and len(known.address_hash) == 64


@pytest.mark.django_db
def test_a_failure_is_counted_without_the_password(client, accueil_user):
    response = attempt(client, " accueil ", "mauvais-secret")
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    rows = {r.scope: r for r in LoginThrottle.objects.all()}
    assert set(rows) == {"pair", "address", "account"}
    assert (rows["pair"].username, rows["pair"].address, rows["pair"].failures) == (
        "accueil", HOME, 1)
    assert (rows["address"].username, rows["account"].address) == ("", "")
    assert "mauvais-secret" not in str(list(LoginThrottle.objects.values()))
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.object_id == str(accueil_user.pk)


@pytest.mark.django_db
def test_progressive_delays_then_refusal_for_the_pair(client, accueil_user, clock):
    """GIVEN wrong passwords from one address THEN after the first, each attempt must wait
    longer (1 s, 2 s, 4 s); too early, it is refused unchecked, even with the right
    password, and not counted; after 5 failures the pair is refused for 15 minutes."""
    attempt(client, "accueil", "mauvais")
    attempt(client, "accueil", "mauvais")  # free
    response = attempt(client, "accueil", PASSWORD)  # at once: 1 s to wait
    assert not logged_in(client)
    assert "attendez 1 seconde avant" in page(response)
    assert LoginThrottle.objects.get(scope="pair").failures == 2
    clock.advance(seconds=1)
    attempt(client, "accueil", "mauvais")  # 3rd failure: 2 s now
    clock.advance(seconds=1)
    assert "attendez 1 seconde" in page(attempt(client, "accueil", PASSWORD))
    clock.advance(seconds=1)
    attempt(client, "accueil", "mauvais")  # 4th failure: 4 s now
    clock.advance(seconds=1)
    assert "attendez 3 secondes" in page(attempt(client, "accueil", "mauvais"))
    assert LoginThrottle.objects.get(scope="pair").failures == 4
    clock.advance(seconds=3)
    response = attempt(client, "accueil", "mauvais")  # 5th: refused for 15 minutes
    assert PAIR_LOCKED in page(response)
    clock.advance(minutes=14)
    response = attempt(client, "accueil", PASSWORD)
    assert not logged_in(client) and PAIR_LOCKED in page(response)
    clock.advance(minutes=1, seconds=11)
    attempt(client, "accueil", PASSWORD)
    assert logged_in(client)
    assert not LoginThrottle.objects.filter(scope="pair").exists()  # success resets it


@pytest.mark.django_db
def test_a_third_party_cannot_lock_the_user_out_of_their_usual_address(accueil_user, clock):
    """GIVEN the user logged in once from HOME WHEN someone floods the account from another
    address (far past every limit) THEN the attacker is refused, and the user still logs
    in from HOME at once."""
    victim = Client()
    attempt(victim, "accueil", PASSWORD, HOME)
    assert logged_in(victim)
    victim.logout()
    attacker = Client()
    response = fail(attacker, clock, "accueil", 6, ATTACKER)
    assert PAIR_LOCKED in page(response)
    assert not logged_in(attacker)
    attempt(victim, "accueil", PASSWORD, HOME)
    assert logged_in(victim)


@pytest.mark.django_db
def test_a_flood_from_many_addresses_reaches_the_account_ceiling(accueil_user, clock,
                                                                   settings):
    """GIVEN failures on one account from many addresses (a botnet) THEN past the ceiling
    new addresses are refused, even with the right password, but the usual address is not."""
    settings.TISSERAND_LOGIN_ACCOUNT_MAX_FAILURES = 12
    victim = Client()
    attempt(victim, "accueil", PASSWORD, HOME)
    victim.logout()
    attacker = Client()
    for n in range(12):
        attempt(attacker, "accueil", "mauvais", f"203.0.113.{n}")
    response = attempt(attacker, "accueil", PASSWORD, "203.0.113.200")
    assert not logged_in(attacker)
    assert "depuis un nouvel appareil est refusée pendant 60 minutes" in page(response)
    attempt(victim, "accueil", PASSWORD, HOME)
    assert logged_in(victim)
    notes = list(AuditEntry.objects.filter(action="login_failed").values_list("note",
                                                                              flat=True))
    assert any("plafond du compte" in note for note in notes)


@pytest.mark.django_db
def test_one_address_guessing_many_accounts_is_slowed_then_refused(client, clock):
    """152 guesses from one address were never refused: now, after 10 free failures the
    address waits (doubling up to a minute), and after 50 it is refused for an hour,
    whatever the account tried."""
    UserFactory(username="cible")
    for n in range(11):
        attempt(client, f"compte{n}", "mauvais", ATTACKER)
    response = attempt(client, "compte-x", "mauvais", ATTACKER)
    assert WAIT in page(response)
    assert LoginThrottle.objects.get(scope="address").failures == 11  # refused: not counted
    for n in range(11, 50):
        clock.advance(seconds=61)
        attempt(client, f"compte{n}", "mauvais", ATTACKER)
    assert LoginThrottle.objects.get(scope="address").failures == 50
    clock.advance(minutes=30)
    response = attempt(client, "cible", PASSWORD, ATTACKER)
    assert not logged_in(client)
    assert "Trop d'essais depuis cette adresse" in page(response)
    # Another address is not concerned.
    other = Client()
    attempt(other, "cible", PASSWORD, HOME)
    assert logged_in(other)
    clock.advance(minutes=31)
    attempt(client, "cible", PASSWORD, ATTACKER)
    assert logged_in(client)


@pytest.mark.django_db
def test_unknown_usernames_are_throttled_the_same_way_and_not_audited(client, clock):
    """The throttling does not reveal whether an account exists, and failures under an
    unknown name write nothing to the audit trail: they are counted."""
    response = fail(client, clock, "personne", 5)
    assert PAIR_LOCKED in page(response)
    assert not AuditEntry.objects.filter(action="login_failed").exists()
    assert LoginThrottle.objects.get(scope="address").failures == 5


@pytest.mark.django_db
def test_a_series_of_failures_on_an_account_writes_two_entries_not_one_each(client, clock,
                                                                             accueil_user):
    fail(client, clock, "accueil", 5)
    notes = sorted(AuditEntry.objects.filter(action="login_failed").values_list("note",
                                                                                flat=True))
    assert len(notes) == 2
    assert "bloquée" in notes[0] and "premier échec" in notes[1]


@pytest.mark.django_db
def test_the_pair_is_the_username_whatever_the_case(client, clock, accueil_user,
                                                    direction_user):
    fail(client, clock, "ACCUEIL", 3)
    fail(client, clock, "accueil ", 2)
    clock.advance(seconds=61)
    assert PAIR_LOCKED in page(attempt(client, "accueil", PASSWORD))
    attempt(client, "direction", PASSWORD)
    assert logged_in(client)


@pytest.mark.django_db
def test_failures_spread_over_more_than_the_period_do_not_lock(client, accueil_user, clock):
    for _ in range(6):
        attempt(client, "accueil", "mauvais")
        clock.advance(minutes=15, seconds=1)
    attempt(client, "accueil", PASSWORD)
    assert logged_in(client)


@pytest.mark.django_db
def test_thresholds_come_from_the_settings(client, accueil_user, settings, clock):
    settings.TISSERAND_LOGIN_MAX_FAILURES = 3
    settings.TISSERAND_LOGIN_LOCK_MINUTES = 30
    fail(client, clock, "accueil", 3)
    clock.advance(seconds=61)
    response = attempt(client, "accueil", PASSWORD)
    assert not logged_in(client)
    assert "bloqué pendant 30 minutes" in page(response)


@pytest.mark.django_db
def test_counters_and_known_addresses_are_purged(clock, accueil_user):
    throttle.record_failure(username="ancien", ip=None)
    throttle.record_success(user=accueil_user, ip=HOME)
    clock.advance(days=2)
    throttle.record_failure(username="recent", ip="10.0.0.1")
    assert set(LoginThrottle.objects.values_list("username", flat=True)) == {"recent", ""}
    assert KnownAddress.objects.exists()
    clock.advance(days=31)
    throttle.purge()
    assert not KnownAddress.objects.exists()
    assert not LoginThrottle.objects.exists()


@pytest.mark.django_db
def test_a_known_address_expires(accueil_user, clock):
    throttle.record_success(user=accueil_user, ip=HOME)
    assert throttle.is_known_address(username="Accueil", ip=HOME)
    assert not throttle.is_known_address(username="accueil", ip=ATTACKER)
    clock.advance(days=31)
    assert not throttle.is_known_address(username="accueil", ip=HOME)


@pytest.mark.django_db
def test_admin_login_page_goes_through_our_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"


def test_the_counted_address_behind_a_proxy_is_the_one_it_appended(rf, settings):
    from tisserand.accounts.forms import client_ip

    forged = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.9.9.9, 192.0.2.10"}
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(rf.post("/", **forged)) == "127.0.0.1"  # no proxy: header ignored
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(rf.post("/", **forged)) == "192.0.2.10"  # the client's forgery ignored
    assert client_ip(rf.post("/", REMOTE_ADDR="127.0.0.1",
                             HTTP_X_FORWARDED_FOR="pas une adresse")) == "127.0.0.1"
