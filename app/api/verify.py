"""Public verification API: GET /verify/{code} and POST /verify (PDF upload); no bearer token
needed."""

from flask import request
from flask_smorest.fields import Upload
from marshmallow import Schema, fields
from werkzeug.exceptions import RequestEntityTooLarge

from app.api import bp
from app.public_urls import verify_url
from app.services import verification


class VerifyUploadIn(Schema):
    file = Upload(
        required=True,
        metadata={"description": "the letter as a PDF (at most 10 MB)"},
        error_messages={"required": "Unggah berkas PDF surat pada isian `file`."},
    )


class VerifiedSignatureOut(Schema):
    signer = fields.String()
    role = fields.String(
        allow_none=True, metadata={"description": "role code, e.g. kades; null when not ours"}
    )
    position = fields.String(allow_none=True)
    signed_at = fields.DateTime(allow_none=True)
    valid = fields.Boolean()
    intact = fields.Boolean(metadata={"description": "the signed bytes are unchanged"})
    trusted = fields.Boolean(
        metadata={"description": "the certificate chains to a configured trust root"}
    )
    timestamped = fields.Boolean(
        metadata={"description": "false: signed_at is the signer's own claim"}
    )
    reasons = fields.List(fields.String())


class VerifiedLetterOut(Schema):
    number = fields.String(allow_none=True)
    type = fields.Function(lambda row: row["letter"].letter_type.code)
    type_name = fields.Function(lambda row: row["letter"].letter_type.name)
    office = fields.Function(lambda row: row["letter"].desa.code)
    office_name = fields.Function(
        lambda row: f"{row['letter'].desa.title}, {row['letter'].desa.parent.title}"
    )
    issued_at = fields.DateTime(allow_none=True)
    status = fields.String()
    applicant = fields.Dict(
        allow_none=True,
        metadata={"description": "name and masked NIK; null for a superseded copy"},
    )
    verify_url = fields.String()


class VerificationOut(Schema):
    valid = fields.Boolean(metadata={"description": "true only when status is valid"})
    status = fields.String(
        metadata={
            "description": "valid (the exact finished letter), superseded (a voided or earlier "
            "signed revision), rejected, in_progress or tampered"
        }
    )
    superseded_at = fields.DateTime(
        allow_none=True, metadata={"description": "when a superseded copy was replaced"}
    )
    verdict = fields.String(
        metadata={"description": "valid, invalid, unsigned, unfinished or rejected"}
    )
    letter = fields.Function(
        lambda v: (
            VerifiedLetterOut().dump(
                {
                    **{k: getattr(v.letter, k) for k in ("number", "issued_at", "status")},
                    "letter": v.letter,
                    "applicant": v.applicant,
                    "verify_url": verify_url(v.letter.current_verify_code),
                }
            )
            if v.letter is not None
            else None
        ),
        metadata={"description": "the letter the code or file belongs to"},
    )
    signatures = fields.List(fields.Nested(VerifiedSignatureOut))
    issued_by_this_system = fields.Boolean(
        metadata={
            "description": "the file is byte for byte the signed PDF Layang holds for this letter"
        }
    )
    revision = fields.String(
        allow_none=True, metadata={"description": "current, earlier, voided or null"}
    )
    modified_after_last_signature = fields.Boolean()
    reasons = fields.List(
        fields.String(), metadata={"description": "why not valid, in Bahasa Indonesia"}
    )


@bp.get("/verify/<code>")
@bp.doc(security=[])
@bp.response(200, VerificationOut)
def verify_by_code(code: str):
    """Check the letter behind a QR code (public)."""
    return verification.verify_code(code)


@bp.post("/verify")
@bp.doc(security=[])
@bp.arguments(VerifyUploadIn, location="files")
@bp.response(200, VerificationOut)
def verify_upload(files):
    """Check an uploaded PDF: issued by Layang, every signature valid and trusted, unchanged
    (public)."""
    pdf = files["file"].stream.read(verification.max_upload_bytes() + 1)
    if len(pdf) > verification.max_upload_bytes():
        raise RequestEntityTooLarge(verification.upload_too_large_message())
    return verification.verify_upload(pdf, request.remote_addr)
