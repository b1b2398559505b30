"""A file sealed with a passphrase: encrypted and authenticated, written and read as a stream.

Layout: a magic line, a JSON line of parameters (scrypt salt and costs, chunk size, nonce
prefix), then chunks of AES-256-GCM, each preceded by its length. The key comes from the
passphrase through scrypt. Each chunk's nonce holds its number and whether it is the last
one, and every chunk authenticates the magic and parameter lines: a chunk changed, moved,
removed or added, a file cut short or anything appended fails to open. Nothing is returned
from a chunk before its tag is checked.

There is no way back without the passphrase: not for the centre, not for us.
"""

import base64
import json
import os
import struct
from collections.abc import Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

MAGIC = b"TISSERAND-SCELLE-1\n"
CHUNK = 1 << 20  # plaintext bytes per chunk
TAG = 16
# scrypt costs: about 0.1 s and 32 MB on a small server, per backup or restore.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1
MAX_PARAMETERS_LINE = 1024
MIN_PASSPHRASE = 12


class SealError(Exception):
    """Not a sealed file, a wrong passphrase, or a file changed since it was sealed."""


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise SealError(f"La phrase secrète doit compter au moins {MIN_PASSPHRASE} caractères.")


def _key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _nonce(prefix: bytes, number: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", number, 1 if last else 0)


class SealedWriter:
    """A binary stream that seals what is written to it into ``raw``."""

    def __init__(self, raw, passphrase: str):
        check_passphrase(passphrase)
        salt, prefix = os.urandom(16), os.urandom(7)
        parameters = {
            "kdf": "scrypt", "salt": base64.b64encode(salt).decode(), "n": SCRYPT_N,
            "r": SCRYPT_R, "p": SCRYPT_P, "chunk": CHUNK,
            "nonce": base64.b64encode(prefix).decode(),
        }
        line = json.dumps(parameters, sort_keys=True).encode() + b"\n"
        self._raw, self._prefix = raw, prefix
        self._aead = AESGCM(_key(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P))
        self._aad = MAGIC + line
        self._buffer = bytearray()
        self._number = 0
        raw.write(MAGIC + line)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:  # keep at least one byte for the last chunk
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        """Seal the last chunk (possibly empty): without it the file does not open."""
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._number, last), plain, self._aad)
        self._raw.write(struct.pack(">I", len(sealed)) + sealed)
        self._number += 1

    # What gzip.GzipFile asks of its file object.
    def flush(self) -> None:
        pass

    @property
    def closed(self) -> bool:
        return False


def open_sealed(raw, passphrase: str) -> Iterator[bytes]:
    """The plaintext of the sealed stream ``raw``, chunk by chunk, each checked first."""
    if raw.read(len(MAGIC)) != MAGIC:
        raise SealError("not sealed")
    line = raw.readline(MAX_PARAMETERS_LINE)
    try:
        parameters = json.loads(line)
        salt = base64.b64decode(parameters["salt"], validate=True)
        prefix = base64.b64decode(parameters["nonce"], validate=True)
        n, r, p, chunk = (int(parameters[k]) for k in ("n", "r", "p", "chunk"))
    except (ValueError, KeyError, TypeError) as error:
        raise SealError("parameters") from error
    # Costs bounded, so that a forged header cannot ask for gigabytes of memory.
    if (parameters.get("kdf") != "scrypt" or len(prefix) != 7 or not 1 <= chunk <= CHUNK
            or not (2 <= n <= 1 << 17 and n & (n - 1) == 0) or not 1 <= r <= 16
            or not 1 <= p <= 4):
        raise SealError("parameters")
    aead = AESGCM(_key(passphrase, salt, n, r, p))
    aad = MAGIC + line
    number = 0
    while True:
        size_bytes = raw.read(4)
        if len(size_bytes) < 4:
            raise SealError("truncated")  # the last chunk never came
        (size,) = struct.unpack(">I", size_bytes)
        if not TAG <= size <= chunk + TAG:
            raise SealError("chunk size")
        sealed = raw.read(size)
        if len(sealed) < size:
            raise SealError("truncated")
        last = False
        try:
            plain = aead.decrypt(_nonce(prefix, number, False), sealed, aad)
        except InvalidTag:
            try:
                plain = aead.decrypt(_nonce(prefix, number, True), sealed, aad)
                last = True
            except InvalidTag as error:
                raise SealError("authentication") from error
        number += 1
        if last:
            if raw.read(1):
                raise SealError("trailing data")
            yield plain
            return
        yield plain


class SealedReader:
    """A binary file-like object over ``open_sealed``, for ``gzip.GzipFile``."""

    def __init__(self, raw, passphrase: str):
        self._chunks = open_sealed(raw, passphrase)
        self._buffer = b""
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._buffer) < size):
            try:
                self._buffer += next(self._chunks)
            except StopIteration:
                self._done = True
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def readable(self) -> bool:
        return True
