"""Where reminders go. A backend has ``channels`` (the ones it can deliver) and
``send(message)``, which returns nothing and raises ``ReminderSendError`` on failure.

The setting ``TISSERAND_REMINDER_BACKEND`` names one backend ("file", "console", "email",
"sms-http" or a dotted path to a class), or several separated by commas: each message then
goes to the first one that handles its channel ("sms-http,email").

The error message of a failure is stored on the reminder and printed: it says why in a
few words, never the address or the text.
"""

import datetime as dt
import json
import os
import smtplib
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from http.client import HTTPException
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string

from tisserand.desks.reminders.messages import EMAIL, SMS, ReminderMessage

OUTBOX_KEPT_DAYS = 30


class ReminderSendError(Exception):
    """The message was not sent; ``str()`` is a short reason without personal data."""


class ReminderBackend:
    channels: frozenset[str] = frozenset({SMS, EMAIL})

    def send(self, message: ReminderMessage) -> None:
        raise NotImplementedError


class FileBackend(ReminderBackend):
    """The outbox: one file per day of sending under TISSERAND_DATA_DIR/outbox, one JSON
    line per message. For a centre without a provider (someone sends them by hand) and
    for tests. It holds phone numbers: private permissions, and files older than
    ``OUTBOX_KEPT_DAYS`` are deleted."""

    def __init__(self, directory: Path | str | None = None):
        self.directory = Path(directory) if directory else Path(settings.DATA_DIR) / "outbox"
        self._pruned = False

    def path_for(self, day: dt.date) -> Path:
        return self.directory / f"{day.isoformat()}.jsonl"

    def send(self, message: ReminderMessage) -> None:
        now = timezone.localtime()
        record = {
            "at": now.isoformat(timespec="seconds"),
            "channel": str(message.channel),
            "to": message.recipient,
            "text": message.text,
        }
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._pruned:
                self._prune(now.date())
            # One write() in append mode: lines of two runs at once do not interleave.
            fd = os.open(self.path_for(now.date()), os.O_WRONLY | os.O_APPEND | os.O_CREAT,
                         0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
        except OSError as exc:
            raise ReminderSendError(
                f"boîte d'envoi inaccessible ({exc.strerror or type(exc).__name__})"
            ) from None

    def _prune(self, today: dt.date) -> None:
        self._pruned = True
        oldest = today - dt.timedelta(days=OUTBOX_KEPT_DAYS)
        for path in self.directory.glob("*.jsonl"):
            try:
                if dt.date.fromisoformat(path.stem) < oldest:
                    path.unlink()
            except ValueError:
                continue  # not one of ours


def outbox_redact(redact: Callable[[str], str], directory: Path | str | None = None) -> int:
    """Apply ``redact`` to the address and text of every message kept in the outbox (an
    anonymisation erases the person's phone and e-mail there too); the number of messages
    changed. Each file changed is rewritten under a temporary name, then renamed."""
    directory = Path(directory) if directory else FileBackend().directory
    changed = 0
    for path in sorted(directory.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                kept.append(redact(line))
                continue
            new = {key: redact(value) if isinstance(value, str) else value
                   for key, value in record.items()}
            if new != record:
                changed += 1
                line = json.dumps(new, ensure_ascii=False) + "\n"
            kept.append(line)
        if kept == lines:
            continue
        temporary = path.with_suffix(".jsonl.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.writelines(kept)
        os.replace(temporary, path)
    return changed


class ConsoleBackend(ReminderBackend):
    """Prints the messages (to try the setup; nothing reaches anyone)."""

    def __init__(self, stream=None):
        self.stream = stream

    def send(self, message: ReminderMessage) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"[{message.channel}] {message.recipient} : {message.text}\n")
        stream.flush()


class EmailBackend(ReminderBackend):
    """Email through Django's mail framework (EMAIL_* settings: any SMTP provider)."""

    channels = frozenset({EMAIL})
    subject = "Rappel de votre rendez-vous"

    def send(self, message: ReminderMessage) -> None:
        if message.channel != EMAIL:
            raise ReminderSendError("canal non pris en charge par le courriel")
        email = EmailMessage(
            subject=self.subject, body=message.text, to=[message.recipient],
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        try:
            email.send(fail_silently=False)
        # ``from None``: SMTP errors quote the refused address.
        except smtplib.SMTPResponseException as exc:
            raise ReminderSendError(f"courriel refusé (SMTP {exc.smtp_code})") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise ReminderSendError(f"courriel non envoyé ({type(exc).__name__})") from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: urllib would repeat the POST as a GET, without the body,
    and take the answer for an acceptance."""

    def redirect_request(self, *args, **kwargs):
        return None


class SmsHttpBackend(ReminderBackend):
    """An SMS provider's HTTP API: POST of {"to", "text"[, "sender"]} in JSON to
    TISSERAND_SMS_URL with the header "Authorization: Bearer <TISSERAND_SMS_TOKEN>".
    Any 2xx answer means accepted."""

    channels = frozenset({SMS})

    def __init__(self, url: str | None = None, token: str | None = None,
                 sender: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else settings.TISSERAND_SMS_URL
        self.token = token if token is not None else settings.TISSERAND_SMS_TOKEN
        self.sender = sender if sender is not None else settings.TISSERAND_SMS_SENDER
        self.timeout = timeout if timeout is not None else settings.TISSERAND_SMS_TIMEOUT
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured(
                "TISSERAND_SMS_URL doit être l'adresse http(s) de l'API du fournisseur de SMS."
            )

    def send(self, message: ReminderMessage) -> None:
        if message.channel != SMS:
            raise ReminderSendError("canal non pris en charge par le fournisseur de SMS")
        payload = {"to": message.recipient, "text": message.text}
        if self.sender:
            payload["sender"] = self.sender
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(
            self.url, data=json.dumps(payload).encode(), headers=headers, method="POST"
        )
        try:
            opener = urllib.request.build_opener(_NoRedirect)
            with opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            exc.close()
            raise ReminderSendError(f"fournisseur de SMS : HTTP {exc.code}") from None
        except (urllib.error.URLError, HTTPException, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ReminderSendError(
                f"fournisseur de SMS injoignable ({type(reason).__name__})"
            ) from None
        if not 200 <= status < 300:
            raise ReminderSendError(f"fournisseur de SMS : HTTP {status}")


class ChannelRouter(ReminderBackend):
    """Several backends: each message goes to the first that handles its channel."""

    def __init__(self, backends: Sequence[ReminderBackend]):
        self.backends = list(backends)
        self.channels = frozenset().union(*(b.channels for b in self.backends))

    def send(self, message: ReminderMessage) -> None:
        for backend in self.backends:
            if message.channel in backend.channels:
                return backend.send(message)
        raise ReminderSendError("aucun moyen d'envoi pour ce canal")


SHORT_NAMES = {
    "file": FileBackend,
    "console": ConsoleBackend,
    "email": EmailBackend,
    "sms-http": SmsHttpBackend,
}


def get_backend(spec: str | None = None) -> ReminderBackend:
    """The backend named by ``spec`` (default: the setting TISSERAND_REMINDER_BACKEND)."""
    spec = settings.TISSERAND_REMINDER_BACKEND if spec is None else spec
    names = [name.strip() for name in spec.split(",") if name.strip()] or ["file"]
    backends = []
    for name in names:
        try:
            cls = SHORT_NAMES.get(name) or import_string(name)
        except ImportError:
            raise ImproperlyConfigured(
                f"TISSERAND_REMINDER_BACKEND : moyen d'envoi inconnu « {name} » "
                f"(possibles : {', '.join(SHORT_NAMES)} ou un chemin Python)."
            ) from None
        backends.append(cls())
    return backends[0] if len(backends) == 1 else ChannelRouter(backends)
