"""Signing sessions: one signer, one passphrase entry, any number of letters.

Every backend (local PKCS#12, BSrE) offers the same `sign(pdf, block) -> SignedDocument`, so bulk
signing and single signing share one path whatever signs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pyhanko.sign.timestamps import TimeStamper

from .keys import SigningKey
from .sign import SignatureBlock, sign_pdf


@dataclass(frozen=True)
class SignedDocument:
    pdf: bytes
    certificate_fingerprint: str  # SHA-256 hex of the signer certificate that signed


class SigningSession(Protocol):
    # True when the signer's stamp prints the heading above it (SignatureBlock.heading); False
    # when the page must carry it (a remote service stamps its own block).
    prints_heading: bool

    def sign(self, pdf: bytes, block: SignatureBlock) -> SignedDocument:
        """Sign one PDF; on failure raise a signing.errors.SigningError and produce nothing."""


class LocalSession:
    """Signs with an official's PKCS#12 opened once per session; with a timestamper, PAdES B-T."""

    prints_heading = True

    def __init__(self, key: SigningKey, timestamper: TimeStamper | None = None):
        self._key = key
        self._timestamper = timestamper

    def sign(self, pdf: bytes, block: SignatureBlock) -> SignedDocument:
        signed = sign_pdf(pdf, self._key, block, timestamper=self._timestamper)
        return SignedDocument(signed, self._key.certificate_fingerprint)

    def __repr__(self) -> str:
        return f"<LocalSession {self._key!r} timestamped={self._timestamper is not None}>"
