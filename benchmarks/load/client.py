"""A small HTTP client for the load test: one per virtual user (its own cookies and CSRF
token), every request timed and recorded with its kind; and the statistics.

Standard library only (http.client): the load generator must stay light next to the
server on a two-core machine. Gunicorn's sync workers close the connection after each
response, so each request opens its own connection, as a browser would here.
"""

import http.client
import math
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int  # 0: no response (connection refused, timeout)
    ok: bool


@dataclass
class Recorder:
    """Collects the samples of the requests started inside the measured window."""

    samples: list[Sample] = field(default_factory=list)
    window_start: float = 0.0
    window_end: float = float("inf")
    lock: threading.Lock = field(default_factory=threading.Lock)

    def in_window(self, moment: float) -> bool:
        return self.window_start <= moment < self.window_end

    def add(self, sample: Sample, started: float) -> None:
        if self.in_window(started):
            with self.lock:
                self.samples.append(sample)


class UnexpectedResponse(Exception):
    pass


class Browser:
    """A staff member's browser: cookies (session, CSRF), htmx headers, timings."""

    def __init__(self, host: str, port: int, recorder: Recorder, timeout: float = 60.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.recorder = recorder
        self.cookies: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        params: dict | None = None,
        form: dict | None = None,
        htmx: bool = False,
        expect: tuple[int, ...] = (200,),
    ) -> tuple[int, dict, str]:
        """Send one request, record it under ``kind``; a status outside ``expect`` (or no
        response at all) counts as an error and raises UnexpectedResponse."""
        if params:
            path = f"{path}?{urlencode(params)}"
        headers = {"Host": f"{self.host}:{self.port}", "Accept-Language": "fr"}
        if self.cookies:
            headers["Cookie"] = self._cookie_header()
        body = None
        if method == "POST":
            body = urlencode(form or {})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        if htmx:
            headers["HX-Request"] = "true"
        started = time.perf_counter()
        status, response_headers, text = 0, {}, ""
        try:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                status = response.status
                response_headers = {k.lower(): v for k, v in response.getheaders()}
                self._keep_cookies(response)
            finally:
                connection.close()
        except OSError:
            status = 0
        elapsed = time.perf_counter() - started
        ok = status in expect
        self.recorder.add(Sample(kind, elapsed, status, ok), started)
        if not ok:
            raise UnexpectedResponse(f"{kind}: {method} {path} -> {status}")
        return status, response_headers, text

    def login(self, username: str, password: str) -> None:
        self.request("connexion (page)", "GET", "/connexion/")
        _, headers, _ = self.request(
            "connexion",
            "POST",
            "/connexion/",
            form={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
            expect=(302,),
        )
        if headers.get("location", "").startswith("/connexion"):
            raise UnexpectedResponse(f"login refused for {username}")


# --- statistics ----------------------------------------------------------------------------


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass(frozen=True)
class Summary:
    kind: str
    count: int
    errors: int
    p50: float
    p95: float
    p99: float
    max: float

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def summarise(kind: str, samples: list[Sample]) -> Summary:
    values = sorted(s.seconds for s in samples)
    return Summary(
        kind=kind,
        count=len(values),
        errors=sum(1 for s in samples if not s.ok),
        p50=percentile(values, 0.50),
        p95=percentile(values, 0.95),
        p99=percentile(values, 0.99),
        max=values[-1] if values else 0.0,
    )


def summarise_by_kind(samples: list[Sample]) -> list[Summary]:
    kinds: dict[str, list[Sample]] = {}
    for sample in samples:
        kinds.setdefault(sample.kind, []).append(sample)
    return [summarise(kind, kinds[kind]) for kind in sorted(kinds)]
