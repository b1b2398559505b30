"""What a virtual staff member does: a weighted mix of the day's work at reception.

- browse (35 %): dashboard, then an action and its ateliers, a session page or a person;
- mark (30 %): open one of the recent sessions everyone works on, search a name, mark one
  to three persons present (htmx), sometimes take a mark back: many writers on the same
  sessions at the same moment;
- search (20 %): the people search (page and live search) and a session's search box;
- book (15 %): the booking page of one of the user's own free times, the person search,
  the booking itself, the week it redirects to, the day's page, then the cancellation
  (htmx) that frees the time again: the desk never fills.

Between two requests the user thinks for a random time (``think``): 20 users with
0.5-2 s of thought are a busy reception, not a denial of service.
"""

import contextlib
import random
import re
import threading
import time
from dataclasses import dataclass

from client import Browser, UnexpectedResponse

WEIGHTS = {"browse": 35, "mark": 30, "search": 20, "book": 15}
APPOINTMENT = re.compile(r'(\d+)"[^>]*data-status="([a-z_]+)"')


class RunOver(Exception):
    """The measured window ended: the user stops after its current request."""


@dataclass(frozen=True)
class Think:
    low: float = 0.5
    high: float = 2.0


class StaffUser:
    def __init__(self, index: int, plan: dict, browser: Browser, *, think: Think,
                 deadline: float, seed: int = 1):
        self.index = index
        self.plan = plan
        self.browser = browser
        self.think_time = think
        self.deadline = deadline
        self.rng = random.Random(seed * 1000 + index)
        self.booking = plan["booking"][index]
        self.bookings_made = 0
        self.pending: tuple[int, int] | None = None  # (desk session, person) booked
        self.marked: dict[int, list[int]] = {}
        self.errors: list[str] = []

    # --- helpers ---------------------------------------------------------------------------

    def think(self) -> None:
        if self.think_time.high > 0:
            time.sleep(self.rng.uniform(self.think_time.low, self.think_time.high))
        if time.perf_counter() >= self.deadline:
            raise RunOver

    def get(self, kind: str, path: str, **kwargs):
        result = self.browser.request(kind, "GET", path, **kwargs)
        self.think()
        return result

    def post(self, kind: str, path: str, form: dict, **kwargs):
        result = self.browser.request(kind, "POST", path, form=form, **kwargs)
        self.think()
        return result

    def pick(self, name: str):
        return self.rng.choice(self.plan[name])

    # --- the tasks -------------------------------------------------------------------------

    def browse(self) -> None:
        self.get("dashboard", "/")
        choice = self.rng.random()
        if choice < 0.4:
            self.get("action_list", "/actions/")
            self.get("action_detail", f"/actions/{self.pick('actions')}/")
            self.get("activity_detail", f"/ateliers/{self.pick('activities')}/")
        elif choice < 0.7:
            self.get("session_detail", f"/seances/{self.pick('browsing_sessions')}/")
        else:
            self.get("person_detail", f"/habitants/{self.pick('persons')}/")

    def mark(self) -> None:
        session = self.pick("marking_sessions")
        self.get("session_detail", f"/seances/{session}/")
        if self.rng.random() < 0.5:
            self.get("session_search", f"/seances/{session}/recherche/",
                     params={"q": self.pick("search_terms")}, htmx=True)
        mine = self.marked.setdefault(session, [])
        for _ in range(self.rng.randint(1, 3)):
            if mine and self.rng.random() < 0.25:
                person, present, kind = mine.pop(), "0", "attendance_toggle (retirer)"
            else:
                person, present, kind = self.pick("persons"), "1", "attendance_toggle (marquer)"
                mine.append(person)
            self.post(kind, f"/seances/{session}/presence/{person}/",
                      {"present": present, "origin": "roster"}, htmx=True)

    def search(self) -> None:
        term = self.pick("search_terms")
        self.get("person_list ?q=", "/habitants/", params={"q": term})
        self.get("person_list ?q= (htmx)", "/habitants/", params={"q": term[:2]}, htmx=True)
        session = self.pick("browsing_sessions")
        self.get("session_search", f"/seances/{session}/recherche/",
                 params={"q": self.pick("search_terms")}, htmx=True)

    def book(self) -> None:
        self.cancel_pending()
        desk, session, start, day = self.booking["times"][
            self.bookings_made % len(self.booking["times"])
        ]
        person = self.booking["persons"][self.bookings_made % len(self.booking["persons"])]
        self.bookings_made += 1
        path = f"/permanences/jour/{session}/rendez-vous/"
        self.get("appointment_book (page)", path, params={"heure": start})
        self.get("appointment_person_search", "/permanences/recherche-personne/",
                 params={"seance": session, "q": self.pick("search_terms"), "mode": "book"},
                 htmx=True)
        # From here until the cancellation the time is held: if the run ends in between,
        # the cancellation still happens (unrecorded) so that the next run finds it free.
        self.pending = (session, person)
        try:
            self.browser.request("appointment_book (prendre)", "POST", path, expect=(302,),
                                 form={"person": person, "start_time": start,
                                       "subject": "Courrier CAF"})
        except UnexpectedResponse:
            self.pending = None
            raise
        self.think()
        self.get("desk_week", f"/permanences/{desk}/semaine/", params={"semaine": day})
        self.cancel_pending(think=True)

    def cancel_pending(self, think: bool = False) -> None:
        """Cancel the appointment booked by the last booking task (found on the day's page)."""
        if self.pending is None:
            return
        session, person = self.pending
        _, _, page = self.browser.request("desk_session_detail", "GET",
                                          f"/permanences/jour/{session}/")
        if think:
            self.think()
        appointment = self._booked(page, person)
        if appointment is None:
            self.pending = None
            raise UnexpectedResponse(f"booked appointment of person {person} not on the day")
        self.browser.request("appointment_status (annuler)", "POST",
                             f"/permanences/rendez-vous/{appointment}/etat/",
                             form={"status": "cancelled_person"}, htmx=True)
        self.pending = None
        if think:
            self.think()

    @staticmethod
    def _booked(page: str, person: int) -> int | None:
        for chunk in page.split('<li id="rdv-')[1:]:
            match = APPOINTMENT.match(chunk)
            if match and match.group(2) == "booked" and f"/habitants/{person}/" in chunk:
                return int(match.group(1))
        return None

    # --- the loop --------------------------------------------------------------------------

    def run(self, start: threading.Event) -> None:
        start.wait()
        # Users do not all arrive on the same millisecond.
        time.sleep(self.rng.uniform(0, max(self.think_time.high, 0.05)))
        tasks = list(WEIGHTS)
        weights = [WEIGHTS[t] for t in tasks]
        while time.perf_counter() < self.deadline:
            task = self.rng.choices(tasks, weights)[0]
            try:
                getattr(self, task)()
            except RunOver:
                break
            except UnexpectedResponse as exc:
                self.errors.append(str(exc))
                with contextlib.suppress(RunOver):
                    self.think()
        try:
            self.cancel_pending()
        except UnexpectedResponse as exc:
            self.errors.append(str(exc))
