"""API views for officials' signing certificates (admin_kabupaten only)."""

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from app.api import bp, current_user
from app.services import certificates


class CertificateStatusOut(Schema):
    username = fields.Function(lambda s: s.user.username)
    full_name = fields.Function(lambda s: s.user.full_name)
    role = fields.Function(lambda s: s.user.role)
    office = fields.Function(lambda s: s.user.office.code)
    fingerprint = fields.String(allow_none=True)
    not_after = fields.DateTime(allow_none=True)
    days_left = fields.Integer(allow_none=True)
    state = fields.String(
        metadata={"description": "none, active, expiring (30 days or less), expired, revoked"}
    )


class CertificateList(Schema):
    items = fields.List(fields.Nested(CertificateStatusOut))


class CertificateFile(Schema):
    file = Upload(required=True, metadata={"description": "the official's PKCS#12 (.p12)"})


class CertificatePassphrase(Schema):
    passphrase = fields.String(
        required=True, load_only=True, metadata={"description": "proves the file opens"}
    )


@bp.get("/certificates")
@bp.response(200, CertificateList)
def list_certificates():
    """Every signing official of my kabupaten with certificate expiry; never the certificate
    itself."""
    return {"items": certificates.list_certificates(current_user())}


@bp.post("/users/<username>/certificate")
@bp.arguments(CertificateFile, location="files")
@bp.arguments(CertificatePassphrase, location="form")
@bp.response(201, CertificateStatusOut)
def upload_certificate(files, form, username: str):
    """Upload or replace an official's PKCS#12 (multipart `file` and `passphrase`); stored
    encrypted."""
    return certificates.upload_certificate(
        current_user(), username, files["file"].read(), form["passphrase"]
    )


@bp.post("/users/<username>/certificate/revoke")
@bp.response(200, CertificateStatusOut)
def revoke_certificate(username: str):
    """Revoke an official's current certificate: it can no longer sign."""
    return certificates.revoke_certificate(current_user(), username)
