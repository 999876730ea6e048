"""Signing sessions: one signer, one passphrase entry, any number of letters.

Every backend (local PKCS#12, BSrE) offers the same `sign(pdf, block) -> SignedDocument`, so bulk
signing and single signing share one path whatever signs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .keys import SigningKey
from .sign import SignatureBlock, sign_pdf


@dataclass(frozen=True)
class SignedDocument:
    pdf: bytes
    certificate_fingerprint: str  # SHA-256 hex of the signer certificate that signed


class SigningSession(Protocol):
    def sign(self, pdf: bytes, block: SignatureBlock) -> SignedDocument:
        """Sign one PDF; raise a signing.errors.SigningError subclass and produce nothing on failure."""


class LocalSession:
    """Signs with an official's PKCS#12 opened once for the session."""

    def __init__(self, key: SigningKey):
        self._key = key

    def sign(self, pdf: bytes, block: SignatureBlock) -> SignedDocument:
        return SignedDocument(sign_pdf(pdf, self._key, block), self._key.certificate_fingerprint)
