"""Rate limits of the residents' public pages, per client address and per NIK, phone or tracking
code: rules of the one throttle (services/internal/throttle.py), counted in the database so every
worker process sees the same counts.

Each use is counted in its own commit, before the action it guards: a refused action still counts.
A rule without a lock refuses until its window (which starts at its first use) ends.
"""

from app.services.internal.throttle import Rule

_AGAIN = "Coba lagi dalam {minutes} menit."
SUBMIT_BY_ADDRESS = Rule(
    "submit-addr", 10, 3600, "Terlalu banyak permohonan dari jaringan ini. " + _AGAIN
)
SUBMIT_BY_NIK = Rule("submit-nik", 5, 86400, "Terlalu banyak permohonan untuk NIK ini. " + _AGAIN)
CODE_BY_CONTACT = Rule(
    "code-contact", 3, 3600, "Terlalu banyak kode dikirim ke alamat ini. " + _AGAIN
)
CONFIRM_BY_ADDRESS = Rule("confirm-addr", 20, 600, "Terlalu banyak percobaan. " + _AGAIN)
PIN_BY_NIK = Rule("pin-nik", 5, 3600, "Terlalu banyak PIN salah untuk NIK ini. " + _AGAIN)
TRACK_BY_ADDRESS = Rule(
    "track-addr", 30, 600, "Terlalu banyak pencarian dari jaringan ini. " + _AGAIN
)
TRACK_MISS_BY_ADDRESS = Rule(
    "track-miss-addr", 10, 3600, "Terlalu banyak percobaan yang salah. " + _AGAIN
)
TRACK_MISS_BY_CODE = Rule(
    "track-miss-code", 5, 3600, "Terlalu banyak percobaan yang salah. " + _AGAIN
)
