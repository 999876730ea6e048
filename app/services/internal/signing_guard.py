"""Passphrase guessing is stopped in Layang before BSrE locks the official's certificate.

BSrE locks a certificate after repeated wrong passphrases, and unlocking it takes the official a
trip to the certificate office. Layang counts wrong passphrases per official (in the database, so
every app process sees the same count) and, at PASSPHRASE_MAX_FAILURES within the window, refuses
to sign for that official for PASSPHRASE_LOCK_MINUTES. The lock is written into the audit trail of
the letter the last attempt was for, and the official is told until when.
"""

from contextlib import contextmanager

from flask import current_app

from app.domain.dates import WIB
from app.domain.errors import BadPassphrase, TooManyAttempts
from app.domain.events import EventKind
from app.extensions import db
from app.models import Letter, User
from app.services.internal import throttle
from app.services.internal.database import committing
from app.services.internal.event_writer import record_event

LOCKED = (
    "Passphrase salah {failures} kali. Untuk melindungi sertifikat elektronik Anda (BSrE mengunci "
    "sertifikat setelah beberapa kali salah), penandatanganan untuk akun Anda dikunci sampai "
    "pukul {until} WIB. Hubungi admin kabupaten bila Anda lupa passphrase."
)
STILL_LOCKED = (
    "Penandatanganan untuk akun Anda dikunci sementara karena passphrase salah berulang kali. "
    "Coba lagi dalam {minutes} menit."
)


def _rule() -> throttle.Rule:
    config = current_app.config
    lock = int(config.get("PASSPHRASE_LOCK_MINUTES", 30)) * 60
    return throttle.Rule(
        "passphrase",
        limit=int(config.get("PASSPHRASE_MAX_FAILURES", 3)),
        window=lock,
        lock=lock,
        message=STILL_LOCKED,
    )


@contextmanager
def passphrase_attempt(user: User, letter_id: int | None, *, proves_passphrase: bool = True):
    """Around one signing attempt: refuse while the official is locked, count a wrong passphrase.

    Use it outside the signing transaction: the count must outlive the rolled-back attempt.
    `proves_passphrase=False` when success does not show the passphrase was right (a BSrE session
    is only opened, not yet used): then success does not clear the count.
    """
    rule = _rule()
    throttle.check(rule, str(user.id))
    try:
        yield
    except BadPassphrase:
        db.session.rollback()
        if throttle.hit(rule, str(user.id)):
            raise _locked(user, letter_id, rule) from None
        raise
    else:
        if proves_passphrase:
            throttle.reset(rule, str(user.id))


def passphrase_confirmed(user: User) -> None:
    """The official's passphrase just signed a letter: forget earlier wrong attempts."""
    throttle.reset(_rule(), str(user.id))


def _locked(user: User, letter_id: int | None, rule: throttle.Rule) -> TooManyAttempts:
    """Record the lock in the letter's audit trail and tell the official until when."""
    until = throttle.locked_until(rule, str(user.id))
    assert until is not None  # called right after the lock was set
    letter = db.session.get(Letter, letter_id) if letter_id is not None else None
    if letter is not None:
        with committing():
            record_event(
                letter,
                EventKind.SIGNING_LOCKED,
                user,
                {"failures": rule.limit, "locked_until": until.isoformat()},
            )
    message = LOCKED.format(failures=rule.limit, until=until.astimezone(WIB).strftime("%H.%M"))
    wait = throttle.retry_after(rule, str(user.id))
    return TooManyAttempts(message, retry_after=wait, fields={"passphrase": [message]})
