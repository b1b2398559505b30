"""Maintenance mode: pages answer a French 503 without touching the database while the
lock is held; the serving mark is refreshed by requests, at most every HEARTBEAT seconds."""

import io
import os

import pytest
from django.core.management import CommandError, call_command

from tisserand.core import maintenance


@pytest.mark.django_db
def test_pages_answer_maintenance_without_the_database(client, direction_user,
                                                       django_assert_num_queries):
    client.force_login(direction_user)
    call_command("maintenance", "on", stdout=io.StringIO())
    with django_assert_num_queries(0):
        page = client.get("/habitants/")
    assert page.status_code == 503 and page["Retry-After"] == "120"
    assert "Tisserand est en maintenance" in page.content.decode()
    with pytest.raises(CommandError, match="déjà en maintenance"):
        call_command("maintenance", "on")
    out = io.StringIO()
    call_command("maintenance", "etat", stdout=out)
    assert out.getvalue().strip() == "En maintenance."
    call_command("maintenance", "off", stdout=io.StringIO())
    assert client.get("/habitants/").status_code == 200


@pytest.mark.django_db
def test_maintenance_cannot_end_during_a_restore():
    maintenance.MAINTENANCE.acquire()
    maintenance.RESTORE.acquire()
    with pytest.raises(CommandError, match="restauration est en cours"):
        call_command("maintenance", "off")
    assert maintenance.in_maintenance()


def test_the_serving_mark_is_refreshed_at_most_every_heartbeat(run_dir):
    assert maintenance.seconds_since_last_request() is None
    maintenance.mark_serving(now=1_000_000.0)
    assert os.stat(maintenance.serving_path()).st_mtime == 1_000_000.0
    maintenance.mark_serving(now=1_000_000.0 + maintenance.HEARTBEAT - 1)
    assert os.stat(maintenance.serving_path()).st_mtime == 1_000_000.0
    maintenance.mark_serving(now=1_000_000.0 + maintenance.HEARTBEAT)
    assert os.stat(maintenance.serving_path()).st_mtime == 1_000_000.0 + maintenance.HEARTBEAT
    later = 1_000_000.0 + maintenance.HEARTBEAT + maintenance.SERVING_WINDOW
    assert maintenance.serving_recently(now=later - 1)
    assert not maintenance.serving_recently(now=later)
