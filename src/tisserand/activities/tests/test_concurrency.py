"""Several people marking the same session at the same moment (issue 6, §4).

Real threads, each with its own database connection, released together by a barrier so
that their transactions overlap: no mark is lost, none is written twice (the unique
constraint ``one_attendance_per_person`` and the IntegrityError fallback of
``attendance_mark``), and the audit trail records each creation once.

PostgreSQL only: the SQLite test database lives in memory and is shared between the
threads of one process, which cannot show concurrent writers (they fail with "table is
locked"). For SQLite in production (file, WAL, IMMEDIATE transactions, busy timeout) the
load test shows concurrent writers through gunicorn: benchmarks/load/, docs/performance.md.
"""

import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tisserand.activities import services
from tisserand.activities.models import Attendance, Session
from tisserand.audit.models import AuditEntry
from tisserand.testing.factories import PersonFactory, SessionFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite's in-memory test database is shared by the threads "
        "and refuses concurrent writers; the load test (benchmarks/load) covers SQLite",
    ),
    pytest.mark.django_db(transaction=True),
]

THREADS = 8
ROUNDS = 6
SHARED_ROUNDS = 100


def run_together(work, count: int) -> list[BaseException]:
    """Run ``work(index, barrier)`` in ``count`` threads, each on its own connection
    (closed at the end); return what they raised."""
    barrier = threading.Barrier(count, timeout=30)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(index):
        from django.db import connection as own_connection

        try:
            work(index, barrier)
        except BaseException as exc:  # reported by the test
            with lock:
                errors.append(exc)
            barrier.abort()
        finally:
            own_connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return errors


def audit_creations(session) -> int:
    marks = Attendance.objects.filter(session=session).values_list("pk", flat=True)
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE,
        content_type=ContentType.objects.get_for_model(Attendance),
        object_id__in=[str(pk) for pk in marks],
    ).count()


def test_marking_at_the_same_moment_loses_no_mark_and_duplicates_none():
    """GIVEN a planned session, eight receptionists (threads) and, for each round, one
    person everybody marks plus one person of their own
    WHEN in every round all of them mark at the same moment
    THEN every person is marked exactly once, everybody got the same mark back for the
    shared person, the session is held, and the trail has one creation per mark."""
    session = SessionFactory(status=Session.Status.PLANNED)
    users = [UserFactory() for _ in range(THREADS)]
    shared = [PersonFactory() for _ in range(ROUNDS)]
    own = [[PersonFactory() for _ in range(ROUNDS)] for _ in range(THREADS)]
    returned: dict[int, set[int]] = {person.pk: set() for person in shared}
    lock = threading.Lock()

    def work(index, barrier):
        for round_ in range(ROUNDS):
            barrier.wait()
            mark = services.attendance_mark(
                session=session, person=shared[round_], user=users[index]
            )
            with lock:
                returned[shared[round_].pk].add(mark.pk)
            barrier.wait()
            services.attendance_mark(session=session, person=own[index][round_],
                                     user=users[index])

    errors = run_together(work, THREADS)

    assert errors == []
    expected = {p.pk for p in shared} | {p.pk for row in own for p in row}
    marked = list(Attendance.objects.filter(session=session).values_list("person_id", flat=True))
    assert sorted(marked) == sorted(expected)  # each once: no loss, no duplicate
    assert all(len(pks) == 1 for pks in returned.values())
    session.refresh_from_db()
    assert session.status == Session.Status.HELD
    assert audit_creations(session) == len(expected)


def test_marking_and_unmarking_at_the_same_moment_keep_one_row_at_most():
    """GIVEN a session where half of each receptionist's persons are already marked
    WHEN, all at the same moment, each one unmarks those and marks the others, while
    all of them also mark and unmark one person they share
    THEN nobody gets an error (a mark colliding with one taken back meanwhile is made
    again), the own persons end exactly as asked, and the shared person has one row or
    none, never two."""
    session = SessionFactory(status=Session.Status.HELD)
    user = UserFactory()
    to_unmark = [[PersonFactory() for _ in range(ROUNDS)] for _ in range(THREADS)]
    to_mark = [[PersonFactory() for _ in range(ROUNDS)] for _ in range(THREADS)]
    for row in to_unmark:
        for person in row:
            services.attendance_mark(session=session, person=person, user=user)
    shared = PersonFactory()

    def work(index, barrier):
        for round_ in range(ROUNDS):
            barrier.wait()
            services.attendance_unmark(session=session, person=to_unmark[index][round_])
            services.attendance_mark(session=session, person=to_mark[index][round_], user=user)
        # Marks and unmarks of one person crossing each other: a mark may collide with
        # another one that a third thread takes back before it can be read.
        for round_ in range(SHARED_ROUNDS):
            barrier.wait()
            if (index + round_) % 2:
                services.attendance_unmark(session=session, person=shared)
            else:
                services.attendance_mark(session=session, person=shared, user=user)

    errors = run_together(work, THREADS)

    assert errors == []
    marked = list(Attendance.objects.filter(session=session).values_list("person_id", flat=True))
    own_marked = sorted(pk for pk in marked if pk != shared.pk)
    assert own_marked == sorted(p.pk for row in to_mark for p in row)
    assert marked.count(shared.pk) <= 1
