"""The local secret: kept outside the database, it seals the signing keys and keys the PINs.

A copy of the database (or of a backup) must not be enough to sign tickets or to test
organiser PINs offline. Both therefore depend on a random 256-bit secret of this user
account that never enters the database: the private signing keys are encrypted with a key
derived from it (:mod:`mscd_desktop.core.key_storage`) and the PIN hashes are keyed with
another (:mod:`mscd_desktop.core.organiser_pin`).

The secret lives in the operating system's keyring through the ``keyring`` package
(Secret Service on Linux, Windows Credential Manager, macOS Keychain). Where no keyring
works (a headless Linux, CI) it is kept in a key file, 0600 in a 0700 folder of the user's
configuration (``MSCD_KEY_DIR`` overrides where), never beside the database. The choice is
logged, and a notice saying where the secret lives is shown once (:func:`take_notice`).

Everything sealed names the id of the secret it used (a hash of it, which reveals
nothing), so a database carried to another computer says clearly that its secret is not
there instead of "wrong PIN". Secrets found in both places are both usable: a secret made
in a session without the keyring (over SSH, say) is not lost when the keyring returns.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import keyring
import platformdirs

from mscd_desktop import APP_NAME, ORGANISATION
from mscd_desktop.core.errors import StoreError
from mscd_desktop.core.private_files import FILE_MODE, make_private_folder
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

KEYRING_SERVICE = APP_NAME
KEYRING_ACCOUNT = "local-secret"
KEY_FILE_NAME = "local-secret.key"
SECRET_BYTES = 32
_CREATION_LOCK = ".creating.lock"
_STALE_LOCK_S = 30.0


class SecretError(StoreError):
    """The local secret cannot be read or kept."""


class SecretMissingError(SecretError):
    """Something was sealed with a secret that is not on this computer (or user account)."""

    def __init__(self, message: str, secret_id: str) -> None:
        super().__init__(message)
        self.secret_id = secret_id


def key_dir() -> Path:
    """Folder of the key file used when there is no keyring (``MSCD_KEY_DIR`` overrides)."""
    override = os.environ.get("MSCD_KEY_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, ORGANISATION)) / "keys"


@dataclass(frozen=True)
class LocalSecret:
    """One secret and where it is kept."""

    value: bytes
    kept_in: str  # "keyring" or "file"
    location: str  # the keyring's name, or the key file's path

    @property
    def id(self) -> str:
        """A short public name of the secret, stored beside what it sealed."""
        return hashlib.sha256(b"mscd local secret id\x00" + self.value).hexdigest()[:16]

    def derive(self, purpose: str) -> bytes:
        """A 256-bit key for one *purpose*, so no two uses share a key."""
        return hmac.new(self.value, purpose.encode(), hashlib.sha256).digest()


def _encode(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _decode(text: str, where: str) -> bytes:
    try:
        value = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        value = b""
    if len(value) != SECRET_BYTES:
        raise SecretError(
            _(
                "The secret that protects the signing keys and PINs ({where}) is damaged. "
                "Restore it from a copy; do not delete it."
            ).format(where=where)
        )
    return value


def _keyring_name() -> str:
    backend = keyring.get_keyring()
    name = getattr(backend, "name", type(backend).__name__)
    return _("the system keyring ({name})").format(name=name)


def _read_keyring() -> tuple[LocalSecret | None, str | None]:
    """The secret in the keyring, and why the keyring cannot be used (None: it can)."""
    try:
        text = keyring.get_password(KEYRING_SERVICE, KEYRING_ACCOUNT)
    except Exception as exc:  # each backend raises its own (D-Bus, locked, no backend)
        log.info("the keyring cannot be read: %s", exc)
        first_sentence = " ".join(str(exc).split()).split(". ")[0]
        return None, first_sentence[:100] or type(exc).__name__
    if text is None:
        return None, None
    where = _keyring_name()
    return LocalSecret(_decode(text, where), "keyring", where), None


def _read_file(folder: Path) -> LocalSecret | None:
    path = folder / KEY_FILE_NAME
    try:
        text = path.read_text(encoding="ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise SecretError(
            _("The key file {path} cannot be read: {error}").format(path=path, error=exc)
        ) from exc
    return LocalSecret(_decode(text, str(path)), "file", str(path))


def _write_keyring(value: bytes) -> bool:
    """Keep *value* in the keyring; True only when it reads back the same."""
    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_ACCOUNT, _encode(value))
        return keyring.get_password(KEYRING_SERVICE, KEYRING_ACCOUNT) == _encode(value)
    except Exception as exc:  # each backend raises its own (D-Bus, locked, no backend)
        log.info("the keyring cannot keep the secret: %s", exc)
        return False


def _write_file(folder: Path, value: bytes) -> LocalSecret:
    """Create the key file (0600) without ever replacing one; returns the one kept."""
    make_private_folder(folder)
    final = folder / KEY_FILE_NAME
    temporary = folder / f".{KEY_FILE_NAME}.{os.getpid()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, (_encode(value) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, final)  # fails when the file exists: never replace a secret
    except FileExistsError:
        pass
    finally:
        temporary.unlink(missing_ok=True)
    found = _read_file(folder)
    assert found is not None
    return found


@contextmanager
def _creation_lock(folder: Path) -> Iterator[None]:
    """Only one process at a time makes the secret (two would each seal with their own)."""
    make_private_folder(folder)
    lock = folder / _CREATION_LOCK
    fd = _take_lock_file(lock)
    try:
        yield
    finally:
        os.close(fd)
        lock.unlink(missing_ok=True)


def _take_lock_file(lock: Path) -> int:
    """Create *lock* exclusively (waiting up to 10 s for another process); its descriptor."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > _STALE_LOCK_S:
                    lock.unlink(missing_ok=True)  # left by a process that was killed
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise SecretError(
                    _("Another mscd-desktop process is creating the secret ({path}).").format(
                        path=lock
                    )
                ) from None
            time.sleep(0.05)


_notices: list[str] = []
_notices_lock = threading.Lock()


def take_notice() -> str | None:
    """The notice about a secret made by this process, once; None when there is none."""
    with _notices_lock:
        return _notices.pop(0) if _notices else None


def _announce(secret: LocalSecret, keyring_problem: str | None) -> None:
    if secret.kept_in == "keyring":
        log.info("the local secret is kept in %s", secret.location)
        text = _(
            "The secret that protects this computer's ticket signing keys and organiser PINs "
            "is kept in {where}. A copy of the database or of a backup alone cannot sign "
            "tickets or test PINs."
        ).format(where=secret.location)
    else:
        log.warning(
            "no usable keyring (%s): the local secret is kept in the key file %s",
            keyring_problem or "it kept nothing",
            secret.location,
        )
        text = _(
            "No system keyring could be used here, so the secret that protects this "
            "computer's ticket signing keys and organiser PINs is kept in the file {path} "
            "(readable only by you). A copy of the database or of a backup alone cannot sign "
            "tickets or test PINs; whoever can read your files, or copies this file too, can. "
            "Keep the file out of shared folders and copies."
        ).format(path=secret.location)
    with _notices_lock:
        _notices.append(text)


class SecretVault:
    """The secrets of this user account, by id; the one new things are sealed with."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._known: dict[str, LocalSecret] = {}
        self._preferred: LocalSecret | None = None
        self._keyring_problem: str | None = None
        self._reload()

    def _reload(self) -> None:
        in_keyring, self._keyring_problem = _read_keyring()
        in_file = _read_file(self.folder)
        for found in (in_file, in_keyring):
            if found is not None:
                self._known[found.id] = found
        self._preferred = in_keyring or in_file or self._preferred

    def for_sealing(self) -> LocalSecret:
        """The secret to seal new things with, made (keyring first, else a file) if none."""
        with self._lock:
            if self._preferred is None:
                with _creation_lock(self.folder):
                    self._reload()  # another process may have made it meanwhile
                    if self._preferred is None:
                        self._preferred = self._create()
                        self._known[self._preferred.id] = self._preferred
            return self._preferred

    def _create(self) -> LocalSecret:
        value = secrets.token_bytes(SECRET_BYTES)
        if self._keyring_problem is None and _write_keyring(value):
            made = LocalSecret(value, "keyring", _keyring_name())
        else:
            made = _write_file(self.folder, value)
        _announce(made, self._keyring_problem)
        return made

    def get(self, secret_id: str) -> LocalSecret:
        """The secret called *secret_id*, or SecretMissingError naming where it was sought."""
        with self._lock:
            if secret_id not in self._known:
                self._reload()  # made by another process since this one started?
            found = self._known.get(secret_id)
        if found is None:
            text = _(
                "It was protected with a secret (id {id}) that is not on this computer or "
                "user account: neither in the system keyring nor in {path}."
            ).format(id=secret_id, path=self.folder / KEY_FILE_NAME)
            if self._keyring_problem:
                text += " " + _("(The keyring cannot be used here: {problem}.)").format(
                    problem=self._keyring_problem
                )
            raise SecretMissingError(text, secret_id)
        return found


_vaults: dict[tuple[str, int], SecretVault] = {}
_vaults_lock = threading.Lock()


def vault() -> SecretVault:
    """The vault of this user account (one per key folder and keyring backend)."""
    folder = key_dir()
    with _vaults_lock:
        key = (str(folder), id(keyring.get_keyring()))
        if key not in _vaults:
            _vaults[key] = SecretVault(folder)
        return _vaults[key]
