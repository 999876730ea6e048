"""A fake BSrE esign-client on 127.0.0.1 that behaves like the real one, for the `bsre` signer
backend tests.

What it copies from the real service (esign-client API v1, as public integrations use it):
- HTTP Basic auth with the client id/secret; anything else is 401 with a Spring-style JSON body.
- ``GET /api/user/status/<nik>``: ``{"status_code": ..., "status": "ISSUE" | "NOT_REGISTERED" |
  "EXPIRED" | "REVOKE", "message": ...}``.
- ``POST /api/sign/pdf`` (multipart ``file``, ``nik``, ``passphrase``, ``tampilan``, ``image``,
  ``imageTTD``, ``linkQR``, ``page``, ``xAxis``, ``yAxis``, ``width``, ``height``): the signed PDF
  (``application/pdf``, header ``id_dokumen``), signed with the fake's own CA as a PAdES incremental
  update, visible with a QR code of ``linkQR`` in the given box; or a JSON error ``{"error": ...,
  "status_code": ...}`` with HTTP 400 (2031 wrong passphrase, 2011 NIK not registered, and the
  certificate problems below).
- It can be slow (sleeps before answering), broken (HTTP 500) or down (stopped: connection refused).

The error codes other than 2031 and 2011 are this fake's own choice; the client recognises those
problems by their message text, as it must with the real service.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.stamp import QRStampStyle, TextStampStyle
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from signing import create_ca, issue_pkcs12, open_pkcs12

CLIENT_ID = "layang-esign"
CLIENT_SECRET = "rahasia-klien-uji"

ERRORS = {
    "bad_passphrase": (400, 2031, "Passphrase anda salah"),
    "not_registered": (400, 2011, "User tidak terdaftar"),
    "EXPIRED": (400, 2051, "Sertifikat user sudah kadaluarsa"),
    "REVOKE": (400, 2052, "Sertifikat user telah dicabut (revoke)"),
    "SUSPEND": (400, 2053, "Sertifikat user tidak aktif"),
    "no_file": (400, 4014, "Dokumen harus diisi"),
    "bad_pdf": (400, 4015, "Dokumen bukan PDF yang valid"),
    "bad_box": (400, 4016, "Koordinat tanda tangan tidak valid"),
}
STATUS_CODES = {
    "ISSUE": 1111,
    "NOT_REGISTERED": 1110,
    "EXPIRED": 1112,
    "REVOKE": 1113,
    "SUSPEND": 1114,
}


@dataclass
class Account:
    nik: str
    name: str
    passphrase: str
    status: str  # ISSUE (usable), EXPIRED, REVOKE, SUSPEND
    key: object = None


@dataclass
class FakeBsre:
    """The fake server; register accounts, start(), point BSRE_URL at .url, stop()."""

    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    delay: float = 0.0  # seconds to sleep before answering a signing request
    broken: bool = False  # answer every request with HTTP 500
    has_status_endpoint: bool = True  # older esign-client servers lack /api/user/status
    odd_reply: dict | None = (
        None  # answer signing requests with this JSON and HTTP 200 instead of a PDF
    )
    accounts: dict[str, Account] = field(default_factory=dict)
    sign_requests: list[dict] = field(
        default_factory=list
    )  # form fields of each signing request, passphrase removed
    status_requests: list[str] = field(default_factory=list)  # NIKs asked about at /api/user/status

    def __post_init__(self):
        self.ca = create_ca("Fake BSrE CA (OSD uji)")
        self._server = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def register(self, nik: str, name: str, passphrase: str, status: str = "ISSUE") -> Account:
        """Give an official a BSrE certificate (from this fake's CA) protected by `passphrase`."""
        p12 = issue_pkcs12(self.ca, common_name=name, nik=nik, email=None, passphrase=passphrase)
        account = Account(nik, name, passphrase, status, open_pkcs12(p12, passphrase))
        self.accounts[nik] = account
        return account

    def start(self) -> FakeBsre:
        self._server = make_server(
            "127.0.0.1", 0, self._app, threaded=True, request_handler=_QuietHandler
        )
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-bsre", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening: from now on, connections are refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # -- the HTTP side --------------------------------------------------------------------------

    @Request.application
    def _app(self, request: Request) -> Response:
        if not self._authorized(request):
            return _json(
                {
                    "timestamp": _now(),
                    "status": 401,
                    "error": "Unauthorized",
                    "message": "Unauthorized",
                    "path": request.path,
                },
                401,
                {"WWW-Authenticate": 'Basic realm="esign"'},
            )
        if self.broken:
            return _json(
                {
                    "timestamp": _now(),
                    "status": 500,
                    "error": "Internal Server Error",
                    "path": request.path,
                },
                500,
            )
        if (
            request.method == "GET"
            and request.path.startswith("/api/user/status/")
            and self.has_status_endpoint
        ):
            return self._status(request.path.rsplit("/", 1)[-1])
        if request.method == "POST" and request.path == "/api/sign/pdf":
            if self.delay:
                time.sleep(self.delay)
            if self.odd_reply is not None:
                return _json(self.odd_reply)
            return self._sign(request)
        return _json(
            {"timestamp": _now(), "status": 404, "error": "Not Found", "path": request.path}, 404
        )

    def _authorized(self, request: Request) -> bool:
        auth = request.authorization
        return bool(
            auth
            and auth.type == "basic"
            and auth.username == self.client_id
            and auth.password == self.client_secret
        )

    def _status(self, nik: str) -> Response:
        with self._lock:
            self.status_requests.append(nik)
        account = self.accounts.get(nik)
        status = account.status if account else "NOT_REGISTERED"
        messages = {
            "ISSUE": "Sertifikat aktif",
            "NOT_REGISTERED": "NIK belum terdaftar",
            "EXPIRED": "Sertifikat kadaluarsa",
            "REVOKE": "Sertifikat dicabut",
            "SUSPEND": "Sertifikat tidak aktif",
        }
        return _json(
            {"status_code": STATUS_CODES[status], "status": status, "message": messages[status]}
        )

    def _sign(self, request: Request) -> Response:
        form = request.form
        with self._lock:
            self.sign_requests.append(
                {k: v for k, v in form.items() if k != "passphrase"}
                | {"files": sorted(request.files)}
            )
        upload = request.files.get("file")
        if upload is None:
            return _error("no_file")
        account = self.accounts.get(form.get("nik", ""))
        if account is None:
            return _error("not_registered")
        if form.get("passphrase") != account.passphrase:
            return _error("bad_passphrase")
        if account.status != "ISSUE":
            return _error(account.status)
        pdf = upload.read()
        if not pdf.startswith(b"%PDF"):
            return _error("bad_pdf")
        try:
            signed = self._sign_pdf(pdf, account, form)
        except (KeyError, ValueError):
            return _error("bad_box")
        doc_id = hashlib.sha1(signed).hexdigest()[:32]
        return Response(
            signed,
            200,
            {
                "Content-Type": "application/pdf",
                "id_dokumen": doc_id,
                "Content-Disposition": f'attachment; filename="{doc_id}.pdf"',
            },
        )

    def _sign_pdf(self, pdf: bytes, account: Account, form) -> bytes:
        """Sign as BSrE does: its own field name and block, PAdES as an incremental update."""
        field_name = f"{account.name}{int(time.time() * 1000)}".replace(".", "")
        spec = None
        style = None
        params = {}
        if form.get("tampilan", "invisible") == "visible":
            x, y = float(form["xAxis"]), float(form["yAxis"])
            width, height = float(form["width"]), float(form["height"])
            if width <= 0 or height <= 0:
                raise ValueError("empty box")
            spec = fields.SigFieldSpec(
                sig_field_name=field_name,
                on_page=int(form["page"]) - 1,
                box=(x, y, x + width, y + height),
            )
            text = (
                "Ditandatangani secara elektronik oleh:\n%(signer)s\nBalai Sertifikasi Elektronik"
            )
            if form.get("linkQR"):
                style = QRStampStyle(stamp_text=text, border_width=1, background=None)
                params = {"url": form["linkQR"]}
            else:
                style = TextStampStyle(stamp_text=text, border_width=1, background=None)
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason="Dokumen ini telah ditandatangani secara elektronik",
            location="Indonesia",
        )
        pdf_signer = signers.PdfSigner(
            meta, account.key.signer, stamp_style=style, new_field_spec=spec
        )
        out = pdf_signer.sign_pdf(
            IncrementalPdfFileWriter(BytesIO(pdf)),
            bytes_reserved=account.key.bytes_reserved,
            appearance_text_params=params,
        )
        return out.getvalue()


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # keep test output quiet
        pass


def _error(kind: str) -> Response:
    http_status, code, message = ERRORS[kind]
    return _json({"error": message, "status_code": code}, http_status)


def _json(body: dict, status: int = 200, headers: dict | None = None) -> Response:
    return Response(
        json.dumps(body), status, {"Content-Type": "application/json", **(headers or {})}
    )


def _now() -> str:
    return datetime.now(UTC).isoformat()
