"""Electronic signatures (TTE) on letters: open the signer's key, number the letter, sign, record."""
import hashlib

from sqlalchemy import select

import signing
from app.domain.errors import BadPassphrase, CertificateUnusable, SigningFailed
from app.domain.roles import ROLE_LABELS
from app.extensions import db
from app.models import Letter, SignerCertificate, Signature, Task, User
from app.models.base import utcnow
from app.services.documents import current_pdf, signing_slots, verify_url
from app.services.history import record_event
from app.services.numbers import allocate_number


def open_signing_key(signer: User, passphrase: str) -> signing.SigningKey:
    """Open the signer's current certificate with the passphrase typed now; never keep the passphrase."""
    certificate = db.session.scalar(
        select(SignerCertificate)
        .where(SignerCertificate.user_id == signer.id, SignerCertificate.revoked_at.is_(None))
        .order_by(SignerCertificate.uploaded_at.desc(), SignerCertificate.id.desc()))
    if certificate is None:
        raise CertificateUnusable("Anda belum memiliki sertifikat elektronik. Hubungi admin kabupaten.")
    try:
        return signing.open_pkcs12(certificate.pkcs12, passphrase or "")
    except signing.BadPassphrase:
        raise BadPassphrase("Passphrase salah. Surat belum ditandatangani.",
                            fields={"passphrase": ["Passphrase salah."]}) from None
    except signing.CertificateProblem as problem:
        raise CertificateUnusable(f"Sertifikat elektronik tidak dapat dipakai: {problem}") from None


def sign_letter(letter: Letter, task: Task, signer: User, key: signing.SigningKey,
                client_address: str | None = None) -> Signature:
    """Number the letter if it is its first signature, stamp and sign its PDF, and record the signature."""
    now = utcnow()
    if letter.number is None:
        letter.issued_at = now
        letter.number = allocate_number(letter)
    before = current_pdf(letter)
    slot_index = [slot.field_name for slot in signing_slots(letter)].index(task.step)
    identity = signing.SignerIdentity(
        name=signer.full_name,
        position=signer.position or f"{ROLE_LABELS.get(signer.role, signer.role)} {signer.office.name}",
        office=signer.office.title,
    )
    block = signing.SignatureBlock(slot_index=slot_index, field_name=task.step, signer=identity,
                                   signed_at=now, verify_url=verify_url(letter))
    try:
        after = signing.sign_pdf(before, key, block)
    except signing.CertificateProblem as problem:
        raise CertificateUnusable(f"Sertifikat elektronik tidak dapat dipakai: {problem}") from None
    except signing.SigningError as problem:
        raise SigningFailed(f"Penandatanganan gagal: {problem}") from None
    letter.signed_pdf = after
    signature = Signature(step=task.step, signer_id=signer.id, signer_name=signer.full_name,
                          signer_position=identity.position, role=signer.role, signed_at=now,
                          certificate_fingerprint=key.certificate_fingerprint, length_before=len(before))
    letter.signatures.append(signature)
    record_event(letter, "signed", signer, {
        "task_id": task.id, "step": task.step, "number": letter.number,
        "certificate_fingerprint": key.certificate_fingerprint,
        "document_sha256_before": hashlib.sha256(before).hexdigest(),
        "document_sha256_after": hashlib.sha256(after).hexdigest(),
    }, client_address)
    return signature


def void_signatures_from(letter: Letter, step: str) -> None:
    """A signing step is open again: void its earlier signature and every later one, and cut them off the PDF."""
    active = [s for s in letter.signatures if s.voided_at is None]
    first = next((i for i, s in enumerate(active) if s.step == step), None)
    if first is None:
        return
    now = utcnow()
    for signature in active[first:]:
        signature.voided_at = now
    letter.signed_pdf = letter.signed_pdf[:active[first].length_before] if first > 0 else None
