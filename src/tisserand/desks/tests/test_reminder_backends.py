"""Reminder backends (outbox file, console, email, SMS over HTTP), their selection by
setting, and phone numbers. The HTTP backend talks to a local server: no network."""

import datetime as dt
import http.server
import io
import json
import smtplib
import stat
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils import timezone

from tisserand.desks.reminders import backends
from tisserand.desks.reminders.backends import (
    ChannelRouter,
    ConsoleBackend,
    EmailBackend,
    FileBackend,
    ReminderSendError,
    SmsHttpBackend,
    get_backend,
)
from tisserand.desks.reminders.messages import ReminderMessage, sms_number

SMS = ReminderMessage("sms", "+33612345678", "Centre social : rappel de votre rendez-vous.")
MAIL = ReminderMessage("email", "awa@example.org", "Centre social : rappel.")


# --- Outbox file and console -----------------------------------------------------------


def test_file_backend_appends_one_json_line_per_message_to_the_day_file(settings, tmp_path):
    """GIVEN the file backend under TISSERAND_DATA_DIR
    WHEN two messages are sent
    THEN today's outbox file holds both, with channel, address and text, readable by the
    owner only."""
    settings.DATA_DIR = tmp_path
    backend = FileBackend()

    backend.send(SMS)
    backend.send(MAIL)

    path = tmp_path / "outbox" / f"{timezone.localdate().isoformat()}.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["channel"], r["to"], r["text"]) for r in records] == [
        ("sms", "+33612345678", SMS.text), ("email", "awa@example.org", MAIL.text)
    ]
    assert dt.datetime.fromisoformat(records[0]["at"]).date() == timezone.localdate()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_file_backend_deletes_outbox_files_past_the_keeping_period(tmp_path):
    """GIVEN outbox files of long ago and of last week, and a file not of ours
    WHEN the backend sends its first message
    THEN only the old outbox file is gone."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    today = timezone.localdate()
    old = outbox / f"{today - dt.timedelta(days=backends.OUTBOX_KEPT_DAYS + 1)}.jsonl"
    recent = outbox / f"{today - dt.timedelta(days=7)}.jsonl"
    other = outbox / "notes.jsonl"
    for path in (old, recent, other):
        path.write_text("{}\n")

    FileBackend(outbox).send(SMS)

    assert (old.exists(), recent.exists(), other.exists()) == (False, True, True)


def test_file_backend_failure_is_a_send_error(tmp_path):
    """GIVEN an outbox path that is a file, not a directory
    WHEN a message is sent
    THEN ReminderSendError says the outbox is unreachable, without the address."""
    blocker = tmp_path / "outbox"
    blocker.write_text("")

    with pytest.raises(ReminderSendError, match="boîte d'envoi") as error:
        FileBackend(blocker).send(SMS)
    assert SMS.recipient not in str(error.value)


def test_console_backend_prints_the_message():
    """GIVEN the console backend on a stream
    WHEN a message is sent
    THEN the stream shows its channel, address and text."""
    stream = io.StringIO()

    ConsoleBackend(stream).send(SMS)

    assert stream.getvalue() == f"[sms] +33612345678 : {SMS.text}\n"


def test_a_message_repr_hides_address_and_text():
    """GIVEN a message
    WHEN it is shown by repr (tracebacks, debug prints)
    THEN neither its address nor its text appear."""
    assert "+336" not in repr(SMS) and "rappel" not in repr(SMS)


# --- Email ---------------------------------------------------------------------------------


def test_email_backend_refuses_sms(mailoutbox):
    """GIVEN the email backend
    WHEN asked to send an SMS
    THEN it fails and sends nothing."""
    with pytest.raises(ReminderSendError, match="canal"):
        EmailBackend().send(SMS)
    assert mailoutbox == []


def test_email_backend_errors_do_not_quote_the_address(monkeypatch):
    """GIVEN an SMTP server that refuses the address (its error quotes it)
    WHEN the email backend sends
    THEN the error gives the kind of failure and not the address."""

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPRecipientsRefused({MAIL.recipient: (550, b"unknown user")})

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(ReminderSendError) as error:
        EmailBackend().send(MAIL)
    assert str(error.value) == "courriel non envoyé (SMTPRecipientsRefused)"
    assert error.value.__cause__ is None and error.value.__suppress_context__


# --- SMS over HTTP, against a local server ---------------------------------------------------


class ProviderHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, dict(self.headers), json.loads(body)))
        status = {"/fail": 500, "/moved": 302}.get(self.path, 200)
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/send")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "abc"}')

    def log_message(self, *args):
        pass  # the server's access log would quote nothing useful here


@pytest.fixture
def provider(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    server = http.server.HTTPServer(("127.0.0.1", 0), ProviderHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def url(server, path):
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_sms_backend_posts_json_with_the_token(provider, settings):
    """GIVEN the SMS backend configured by settings with URL, token and sender
    WHEN an SMS is sent
    THEN the provider receives a JSON POST with number, text and sender, and the token."""
    settings.TISSERAND_SMS_URL = url(provider, "/send")
    settings.TISSERAND_SMS_TOKEN = "secret-token"
    settings.TISSERAND_SMS_SENDER = "CSTisserand"

    SmsHttpBackend().send(SMS)

    [(path, headers, body)] = provider.received
    assert path == "/send"
    assert body == {"to": "+33612345678", "text": SMS.text, "sender": "CSTisserand"}
    assert headers["Authorization"] == "Bearer secret-token"
    assert headers["Content-Type"] == "application/json"


def test_sms_backend_raises_on_http_500(provider):
    """GIVEN a provider answering 500
    WHEN an SMS is sent
    THEN ReminderSendError gives the status, not the number."""
    with pytest.raises(ReminderSendError) as error:
        SmsHttpBackend(url=url(provider, "/fail"), token="t").send(SMS)
    assert str(error.value) == "fournisseur de SMS : HTTP 500"
    assert len(provider.received) == 1


def test_sms_backend_takes_a_redirect_as_a_failure(provider):
    """GIVEN a provider answering with a redirect
    WHEN an SMS is sent
    THEN it fails (the POST is not repeated as a GET and taken for accepted)."""
    with pytest.raises(ReminderSendError, match="HTTP 302"):
        SmsHttpBackend(url=url(provider, "/moved"), token="t").send(SMS)
    assert [path for path, _h, _b in provider.received] == ["/moved"]


def test_sms_backend_unreachable_provider(provider):
    """GIVEN a provider URL where nothing listens
    WHEN an SMS is sent
    THEN ReminderSendError says the provider is unreachable."""
    address = url(provider, "/send")
    provider.shutdown()
    provider.server_close()

    with pytest.raises(ReminderSendError, match="injoignable"):
        SmsHttpBackend(url=address, token="t", timeout=2).send(SMS)


def test_sms_backend_refuses_email_and_a_non_http_url():
    """GIVEN the SMS backend
    WHEN it is given an email, or configured with a file:// URL
    THEN it refuses."""
    with pytest.raises(ReminderSendError, match="canal"):
        SmsHttpBackend(url="https://sms.example.org/api", token="t").send(MAIL)
    with pytest.raises(ImproperlyConfigured):
        SmsHttpBackend(url="file:///etc/passwd", token="t")


# --- Choosing the backend ----------------------------------------------------------------


def test_backend_is_chosen_by_short_name_or_dotted_path(settings):
    """GIVEN the setting with a short name, a dotted path, or an unknown name
    WHEN the backend is built
    THEN it is the named class, or a clear configuration error."""
    settings.TISSERAND_REMINDER_BACKEND = "console"
    assert isinstance(get_backend(), ConsoleBackend)
    assert isinstance(get_backend("tisserand.desks.reminders.backends.FileBackend"),
                      FileBackend)
    assert isinstance(get_backend("email"), EmailBackend)
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        get_backend("pigeon")


def test_several_backends_route_each_message_by_channel(settings, mailoutbox, provider):
    """GIVEN "sms-http,email"
    WHEN an SMS and an email are sent
    THEN the SMS goes to the provider and the email through Django's mail."""
    settings.TISSERAND_SMS_URL = url(provider, "/send")
    backend = get_backend("sms-http,email")
    assert isinstance(backend, ChannelRouter)
    assert backend.channels == {"sms", "email"}

    backend.send(SMS)
    backend.send(MAIL)

    assert [body["to"] for _p, _h, body in provider.received] == ["+33612345678"]
    assert [m.to for m in mailoutbox] == [["awa@example.org"]]


# --- Phone numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("07.12.34.56.78", "+33712345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+32 470 12 34 56", "+32470123456"),
        ("03 20 11 22 33", None),  # a landline cannot receive an SMS
        ("+33 3 20 11 22 33", None),
        ("voir avec sa fille", None),
        ("", None),
    ],
)
def test_sms_number(phone, expected):
    """GIVEN a phone number as typed at reception
    WHEN it is read for an SMS
    THEN it is a mobile in international form, or None."""
    assert sms_number(phone) == expected
