"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), standard library only.

Parameters are those every authenticator app uses by default: HMAC-SHA1, 30-second steps,
6 digits. A code is accepted for the current step and one step either side (clock drift).
"""

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1


def generate_secret() -> str:
    """A new random key: 160 bits, as 32 base32 characters without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii")


def decode_secret(secret: str) -> bytes:
    """Base32 text (any case, spaces allowed, padding optional) to key bytes."""
    cleaned = "".join(secret.split()).upper()
    cleaned += "=" * (-len(cleaned) % 8)
    return base64.b32decode(cleaned)


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226: HMAC-SHA1 of the counter, dynamic truncation, last ``digits`` digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def time_step(at: datetime | float) -> int:
    """The RFC 6238 counter T = floor(unix time / 30)."""
    seconds = at.timestamp() if isinstance(at, datetime) else at
    return int(seconds // STEP_SECONDS)


def totp(key: bytes, at: datetime | float, digits: int = DIGITS) -> str:
    return hotp(key, time_step(at), digits)


def matching_step(secret: str, code: str, at: datetime | float) -> int | None:
    """The step whose code equals ``code`` (current step ± DRIFT_STEPS), or None.

    Every candidate is compared in constant time so the answer does not leak which step
    came close.
    """
    code = "".join(str(code).split())
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    key = decode_secret(secret)
    now = time_step(at)
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(hotp(key, step), code) and found is None:
            found = step
    return found


def group_secret(secret: str, size: int = 4) -> str:
    """``"JBSWY3DPEHPK3PXP"`` -> ``"JBSW Y3DP EHPK 3PXP"``, easier to type."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def provisioning_uri(*, secret: str, account: str, issuer: str) -> str:
    """The ``otpauth://`` URI authenticator apps read (Key Uri Format)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {
            "secret": secret,
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": STEP_SECONDS,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
