"""Sign through BSrE (Balai Sertifikasi Elektronik, BSSN): a client of its esign-client HTTP API.

The official's key and certificate stay at BSrE; Layang sends the PDF with the
official's NIK and the passphrase typed now, and gets the signed PDF back.
Endpoints used (esign-client API v1, HTTP Basic auth with the client id/secret):

- ``GET  {base}/api/user/status/{nik}``: ``{"status_code": 1111, "status": "ISSUE", "message":
  ...}``; other statuses seen: ``NOT_REGISTERED``, ``EXPIRED``, ``REVOKE``.
- ``POST {base}/api/sign/pdf`` (multipart): the signed PDF (``application/pdf``), or a JSON error
  ``{"error": "Passphrase anda salah", "status_code": 2031}`` (HTTP 400; some answer 500).

Error codes confirmed from public integrations: 2031 wrong passphrase, 2011 signer (NIK) not
registered. Other certificate problems are recognised by their message text.
The passphrase is never logged and never put into an exception message or repr.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import socket
import time
import uuid
from http.client import HTTPException
from io import BytesIO
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pyhanko.sign.validation.status import SignatureCoverageLevel

from .errors import (
    BadPassphrase,
    CertificateProblem,
    InvalidDocument,
    ServiceUnavailable,
    SigningError,
)
from .render import slot_box
from .sessions import SignedDocument
from .sign import SignatureBlock

log = logging.getLogger(__name__)

UNREACHABLE = "Layanan BSrE tidak dapat dihubungi"
NOT_REGISTERED = "NIK penandatangan tidak terdaftar di BSrE"
EXPIRED = "sertifikat elektronik di BSrE sudah kedaluwarsa; ajukan pembaruan ke BSrE"
REVOKED = "sertifikat elektronik di BSrE telah dicabut"
NOT_ACTIVE = "sertifikat elektronik di BSrE belum atau tidak aktif"

# esign-client status_code values seen in public integrations.
_CODE_BAD_PASSPHRASE = 2031
_CODE_NOT_REGISTERED = 2011
# What the error text says when the code is not one of those (lower case).
_TEXT_RULES = (
    (("passphrase",), "bad_passphrase"),
    (("tidak terdaftar", "belum terdaftar", "not registered", "not_registered"), NOT_REGISTERED),
    (("kadaluarsa", "kedaluwarsa", "kadaluwarsa", "expired"), EXPIRED),
    (("dicabut", "revoke"), REVOKED),
    (("tidak aktif", "belum aktif", "not active", "suspend", "nonaktif"), NOT_ACTIVE),
)
_USER_STATUS = {
    "NOT_REGISTERED": NOT_REGISTERED,
    "EXPIRED": EXPIRED,
    "REVOKE": REVOKED,
    "REVOKED": REVOKED,
}


def mask_nik(nik: str) -> str:
    """The NIK as it may appear in logs: only its last four digits."""
    return "*" * max(len(nik) - 4, 0) + nik[-4:]


class BsreClient:
    """HTTP client of one BSrE esign-client server (base URL, Basic auth, timeout in seconds)."""

    def __init__(self, base_url: str, client_id: str, client_secret: str, *, timeout: float = 30.0):
        if not base_url:
            raise ValueError("the BSrE base URL is not configured")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        token = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
        self._authorization = f"Basic {token}"

    def __repr__(self) -> str:
        return f"<BsreClient {self.base_url} timeout={self.timeout}s>"

    def user_status(self, nik: str) -> str | None:
        """BSrE's status of the NIK's certificate (ISSUE, NOT_REGISTERED, EXPIRED, REVOKE, ...);
        None when this esign-client has no status endpoint."""
        status, _, body = self._call(
            Request(f"{self.base_url}/api/user/status/{quote(nik)}", method="GET")
        )
        answer = _json(body) or {}
        if status == 404 and "status_code" not in answer:
            return None  # an esign-client without the status endpoint
        if status != 200 or "error" in answer:
            raise _error_for(status, answer, secret=None)
        return str(answer.get("status", "")).upper()

    def check_user(self, nik: str) -> None:
        """Raise CertificateProblem unless BSrE says the NIK's certificate is usable (ISSUE)."""
        user_status = self.user_status(nik)
        if user_status in (None, "ISSUE"):
            return  # without the status endpoint the signing call will tell
        raise CertificateProblem(
            _USER_STATUS.get(
                user_status, f"{NOT_ACTIVE} (status {user_status or 'tidak diketahui'})"
            )
        )

    def sign_pdf(
        self,
        pdf: bytes,
        *,
        nik: str,
        passphrase: str,
        page: int | None = None,
        box: tuple[float, float, float, float] | None = None,
        link_qr: str | None = None,
        image: bytes | None = None,
    ) -> bytes:
        """Have BSrE sign the PDF; visible at `box` (PDF points, lower-left origin) on 1-based
        `page` when given.

        The block BSrE stamps is its own: a QR code of `link_qr` (image "false"),
        or the specimen `image` (PNG) when given. Raises BadPassphrase,
        CertificateProblem, ServiceUnavailable or SigningError.
        """
        fields: list[tuple[str, object]] = [
            ("file", ("surat.pdf", pdf, "application/pdf")),
            ("nik", nik),
            ("passphrase", passphrase),
        ]
        if box is None:
            fields.append(("tampilan", "invisible"))
        else:
            x1, y1, x2, y2 = box
            fields += [
                ("tampilan", "visible"),
                ("image", "true" if image else "false"),
                ("page", str(page or 1)),
                ("xAxis", _num(x1)),
                ("yAxis", _num(y1)),
                ("width", _num(x2 - x1)),
                ("height", _num(y2 - y1)),
            ]
            if image:
                fields.append(("imageTTD", ("ttd.png", image, "image/png")))
            if link_qr:
                fields.append(("linkQR", link_qr))
        body, content_type = _multipart(fields)
        request = Request(
            f"{self.base_url}/api/sign/pdf",
            data=body,
            method="POST",
            headers={"Content-Type": content_type},
        )
        started = time.monotonic()
        status, reply_type, reply = self._call(request, secret=passphrase)
        elapsed = (time.monotonic() - started) * 1000
        if status == 200 and reply.startswith(b"%PDF"):
            log.info("BSrE signed a PDF for NIK %s in %.0f ms", mask_nik(nik), elapsed)
            return reply
        answer = _json(reply) or {}
        if status == 200 and "error" not in answer and "status_code" not in answer:
            error = SigningError(f"BSrE menjawab tanpa PDF (Content-Type {reply_type or 'kosong'})")
        else:
            error = _error_for(status, answer, secret=passphrase)
        log.warning("BSrE refused to sign for NIK %s: HTTP %s, %s", mask_nik(nik), status, error)
        raise error

    def _call(self, request: Request, *, secret: str | None = None) -> tuple[int, str, bytes]:
        """Send the request: (status, content type, body) of any HTTP answer; ServiceUnavailable if
        there is none."""
        request.add_header("Authorization", self._authorization)
        request.add_header("Accept", "application/pdf, application/json")
        try:
            with urlopen(request, timeout=self.timeout) as response:
                return response.status, response.headers.get_content_type(), response.read()
        except HTTPError as exc:
            try:
                body = exc.read()
            except (OSError, HTTPException):
                body = b""
            return exc.code, exc.headers.get_content_type() if exc.headers else "", body
        except TimeoutError:
            log.warning("BSrE at %s did not answer within %s s", self.base_url, self.timeout)
            raise ServiceUnavailable(
                f"{UNREACHABLE} (tidak ada jawaban dalam {self.timeout:g} detik)"
            ) from None
        except URLError as exc:
            reason = _scrub(str(exc.reason), secret)
            log.warning("BSrE at %s cannot be reached: %s", self.base_url, reason)
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise ServiceUnavailable(
                    f"{UNREACHABLE} (tidak ada jawaban dalam {self.timeout:g} detik)"
                ) from None
            refused = isinstance(exc.reason, ConnectionRefusedError)
            raise ServiceUnavailable(
                f"{UNREACHABLE} ({'koneksi ditolak' if refused else 'gangguan jaringan'})"
            ) from None
        except (OSError, HTTPException) as exc:  # connection reset, remote end closed mid-answer
            log.warning(
                "BSrE at %s broke off the connection: %s", self.base_url, type(exc).__name__
            )
            raise ServiceUnavailable(f"{UNREACHABLE} (koneksi terputus)") from None


class BsreSession:
    """A signing session through BSrE for one official (NIK) and the passphrase typed now.

    After BSrE has said the passphrase is wrong, the session refuses further
    letters without asking BSrE again: repeated wrong passphrases can lock the
    official's BSrE account.
    """

    prints_heading = False  # BSrE stamps its own block: the headings are printed on the page

    def __init__(self, client: BsreClient, nik: str, passphrase: str):
        if not nik:
            raise CertificateProblem(NOT_REGISTERED)
        self._client = client
        self._nik = nik
        self._passphrase = passphrase
        self._refused = False

    def __repr__(self) -> str:
        return f"<BsreSession NIK {mask_nik(self._nik)} via {self._client.base_url}>"

    def sign(self, pdf: bytes, block: SignatureBlock) -> SignedDocument:
        """Send the PDF to BSrE, check the answer, return it with the certificate fingerprint."""
        if self._refused:
            raise BadPassphrase("wrong passphrase for this certificate (BSrE)")
        before = _signatures(pdf)
        page_index, box = slot_box(block.slot_index)
        try:
            signed = self._client.sign_pdf(
                pdf,
                nik=self._nik,
                passphrase=self._passphrase,
                page=_page_number(pdf, page_index),
                box=box,
                link_qr=block.verify_url,
            )
        except BadPassphrase:
            self._refused = True
            raise
        return SignedDocument(signed, _check_signed(pdf, signed, len(before)))


def open_bsre_session(client: BsreClient, nik: str | None, passphrase: str) -> BsreSession:
    """Check the official's certificate at BSrE, open a session; CertificateProblem if unusable."""
    if not nik:
        raise CertificateProblem(NOT_REGISTERED)
    client.check_user(nik)
    return BsreSession(client, nik, passphrase)


def _signatures(pdf: bytes) -> list:
    try:
        return list(PdfFileReader(BytesIO(pdf)).embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise InvalidDocument(f"the PDF cannot be read: {exc}") from exc


def _page_number(pdf: bytes, page_index: int) -> int:
    """BSrE counts pages from 1; slot_box counts like pyHanko (-1 is the last page)."""
    count = int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])
    return count + page_index + 1 if page_index < 0 else page_index + 1


def _check_signed(original: bytes, signed: bytes, signatures_before: int) -> str:
    """Check BSrE returned our PDF plus one intact signature as an incremental update.

    Returns the SHA-256 fingerprint of the signer's certificate.
    """
    if len(signed) <= len(original) or not signed.startswith(original):
        raise SigningError(
            "BSrE mengembalikan PDF yang bukan surat yang dikirim ditambah tanda tangan"
        )
    try:
        signatures = _signatures(signed)
    except InvalidDocument as exc:
        raise SigningError(f"PDF dari BSrE tidak dapat dibaca: {exc}") from None
    if len(signatures) <= signatures_before:
        raise SigningError("PDF dari BSrE tidak memuat tanda tangan baru")
    newest = signatures[-1]
    start, first_length, second_start, second_length = (
        int(n) for n in newest.sig_object["/ByteRange"]
    )
    if start != 0 or first_length < len(original) or second_start + second_length != len(signed):
        raise SigningError("tanda tangan dari BSrE tidak mencakup seluruh surat")
    try:
        # Integrity only: whether BSrE's CA is trusted is for validation against TRUST_ROOTS to say.
        newest.compute_integrity_info(skip_diff=True)
        digest_ok, signature_ok = validate_sig_integrity(
            newest.signer_info, newest.signer_cert, "data", newest.compute_digest()
        )
        intact = (
            digest_ok and signature_ok and newest.coverage == SignatureCoverageLevel.ENTIRE_FILE
        )
        fingerprint = hashlib.sha256(newest.signer_cert.dump()).hexdigest()
    except Exception as exc:  # a damaged CMS blob trips pyHanko in many ways
        raise SigningError(
            f"tanda tangan dari BSrE tidak dapat diperiksa: {type(exc).__name__}"
        ) from None
    if not intact:
        raise SigningError("tanda tangan dari BSrE tidak utuh")
    return fingerprint


def _error_for(status: int, answer: dict, *, secret: str | None) -> SigningError:
    """The signing error for an esign-client error answer (JSON, possibly empty) and HTTP status."""
    text = _scrub(str(answer.get("error") or answer.get("message") or ""), secret)[:200]
    code = answer.get("status_code")
    if code == _CODE_BAD_PASSPHRASE:
        return BadPassphrase("wrong passphrase for this certificate (BSrE)")
    if code == _CODE_NOT_REGISTERED:
        return CertificateProblem(NOT_REGISTERED)
    lowered = text.lower()
    for words, meaning in _TEXT_RULES:
        if any(word in lowered for word in words):
            if meaning == "bad_passphrase":
                return BadPassphrase("wrong passphrase for this certificate (BSrE)")
            return CertificateProblem(meaning)
    if status in (401, 403):
        return SigningError(
            "BSrE menolak kredensial aplikasi Layang (BSRE_CLIENT_ID / BSRE_CLIENT_SECRET)"
        )
    if status >= 500 or status in (408, 429):
        return ServiceUnavailable(f"{UNREACHABLE} (BSrE menjawab HTTP {status})")
    detail = f": {text}" if text else ""
    return SigningError(f"BSrE menolak permintaan (HTTP {status}, kode {code or '-'}){detail}")


def _json(body: bytes) -> dict | None:
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def _num(value: float) -> str:
    return str(round(value))


def _multipart(fields: list[tuple[str, object]]) -> tuple[bytes, str]:
    """multipart/form-data body: values are strings, or (filename, bytes, content type) tuples."""
    boundary = f"layang-{uuid.uuid4().hex}"
    out = BytesIO()
    for name, value in fields:
        out.write(f"--{boundary}\r\n".encode())
        if isinstance(value, tuple):
            filename, data, content_type = value
            out.write(
                f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n".encode()
            )
            out.write(data)
        else:
            out.write(f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            out.write(str(value).encode("utf-8"))
        out.write(b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"
