"""Opaque identifiers: shard keys, salted patient hashes, and the patient-hash split.

Keys and hashed ids are HMAC-SHA256 under a secret salt kept outside the shards (``OUT/.salt`` by default, or
``--salt-file``), so nobody holding only the shards can recover a patient or study id by hashing guesses.
The split of a source without official splits uses an unsalted hash of the patient id so that it stays the
same across rebuilds with different salts (a test set must not drift).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from megacxr.errors import InputError

SALT_BYTES = 32


def load_or_create_salt(out: Path, salt_file: str | None, *, create: bool = True) -> bytes:
    """Read the salt (hex) from ``salt_file`` or ``OUT/.salt``; create the latter once if allowed."""
    path = Path(salt_file) if salt_file else out / ".salt"
    if path.is_file():
        text = path.read_text().strip()
        try:
            salt = bytes.fromhex(text)
        except ValueError:
            raise InputError("salt file must hold hex digits", file=path) from None
        if len(salt) < 16:
            raise InputError("salt must be at least 16 bytes (32 hex digits)", file=path)
        return salt
    if salt_file:
        raise InputError("salt file not found", file=path)
    if not create:
        raise InputError("no salt found (was this directory built by megacxr?)", file=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    salt = secrets.token_bytes(SALT_BYTES)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(salt.hex() + "\n")
    os.replace(tmp, path)
    return salt


def salt_fingerprint(salt: bytes) -> str:
    """A short digest that tells whether two builds used the same salt, without revealing it."""
    return hashlib.sha256(b"megacxr-salt-fp:" + salt).hexdigest()[:12]


def _mac(salt: bytes, *parts: str) -> str:
    return hmac.new(salt, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).hexdigest()


def sample_key(salt: bytes, source: str, study_id: str) -> str:
    """The shard ``__key__``: 20 hex digits, no dots, unrelated to any id without the salt."""
    return _mac(salt, "key", source, study_id)[:20]


def hash_patient(salt: bytes, source: str, patient_id: str) -> str:
    return "p" + _mac(salt, "patient", source, patient_id)[:16]


def hash_study(salt: bytes, source: str, study_id: str) -> str:
    return "s" + _mac(salt, "study", source, study_id)[:16]


def patient_split(source: str, patient_id: str, validate_fraction: float, test_fraction: float) -> str:
    """Deterministic split from the patient id alone: every study of a patient lands in the same split."""
    digest = hashlib.sha256(f"megacxr-split\x1f{source}\x1f{patient_id}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    if u < test_fraction:
        return "test"
    if u < test_fraction + validate_fraction:
        return "validate"
    return "train"
