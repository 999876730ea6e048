"""Electronic signatures (TTE) on letters: open a signing session, prepare a signature, record it.

The remote part (BSrE, the TSA) runs between transactions: see signing_lease.py.
"""

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

from flask import current_app

import signing
from app.domain.acting import acting_position, nip_line
from app.domain.errors import BadPassphrase, CertificateUnusable, Conflict, SigningFailed
from app.domain.events import canonical
from app.domain.roles import DELEGABLE, role_label
from app.models import Letter, Signature, Task, User
from app.models.base import utcnow
from app.public_urls import verify_url
from app.services import certificates
from app.services.delegations import acting_form
from app.services.internal.blobs import put_blob, stored_blob
from app.services.internal.database import end_read
from app.services.internal.documents import signing_base, signing_slots, slot_heading
from app.services.internal.event_writer import iso, record_event
from app.services.internal.revisions import new_code, record_revision


def open_signing_session(signer: User, passphrase: str) -> signing.SigningSession:
    """Open the signer's signing session with the passphrase typed now; the passphrase is never
    kept."""
    if not passphrase:
        raise BadPassphrase(
            "Passphrase wajib diisi untuk menandatangani.", fields={"passphrase": ["Wajib diisi."]}
        )
    config = current_app.config
    backend = config.get("SIGNER_BACKEND", "local")
    if backend == "bsre":
        return _open_bsre_session(signer, passphrase)
    if backend != "local":
        raise SigningFailed(
            f"Penanda tangan '{backend}' tidak dikenal (SIGNER_BACKEND). Hubungi admin kabupaten."
        )
    pkcs12 = certificates.signing_pkcs12(signer)
    timestamper = signing.http_timestamper(config.get("TSA_URL"), config.get("TSA_TIMEOUT", 10))
    with signing_errors():
        return signing.LocalSession(
            signing.open_pkcs12(pkcs12, passphrase), timestamper=timestamper
        )


def _open_bsre_session(signer: User, passphrase: str) -> signing.SigningSession:
    """A session through BSrE: the official is known there by NIK; BSrE holds the certificate."""
    if not signer.nik:
        raise CertificateUnusable("NIK penandatangan belum terdaftar. Hubungi admin kabupaten.")
    config = current_app.config
    if not config.get("BSRE_URL"):
        raise SigningFailed("Layanan BSrE belum dikonfigurasi (BSRE_URL). Hubungi admin kabupaten.")
    client = signing.BsreClient(
        config["BSRE_URL"],
        config.get("BSRE_CLIENT_ID") or "",
        config.get("BSRE_CLIENT_SECRET") or "",
        timeout=config.get("BSRE_TIMEOUT", 30),
    )
    nik = signer.nik
    end_read()  # BSrE is asked about the certificate with no transaction open
    with signing_errors():
        return signing.open_bsre_session(client, nik, passphrase)


@contextmanager
def signing_errors():
    """Translate the signing package's errors into the user's words."""
    try:
        yield
    except signing.BadPassphrase:
        raise BadPassphrase(
            "Passphrase salah. Surat belum ditandatangani.",
            fields={"passphrase": ["Passphrase salah."]},
        ) from None
    except signing.CertificateProblem as error:
        raise CertificateUnusable(f"Sertifikat elektronik tidak dapat dipakai: {error}") from None
    except signing.ServiceUnavailable as error:
        raise SigningFailed(
            f"{error}. Surat belum ditandatangani; coba lagi beberapa saat lagi."
        ) from None
    except signing.SigningError as error:
        raise SigningFailed(f"Penandatanganan gagal: {error}") from None


@dataclass(frozen=True)
class SigningWork:
    """A signature prepared in the reserving transaction: plain data, so the remote call that signs
    it needs no database."""

    task_id: int
    letter_id: int
    token: str  # the task's signing lease (signing_lease.py)
    basis: str  # what the signature is made on (data, number, signed file): must not change
    before: bytes  # the PDF the signature goes on
    block: signing.SignatureBlock
    code: str  # this signature's own QR code: a later voided copy is told apart

    def sign(self, session: signing.SigningSession) -> signing.SignedDocument:
        """Have the signing backend (BSrE, or the local key with its TSA) sign the PDF."""
        with signing_errors():
            return session.sign(self.before, self.block)


def prepare_signature(
    letter: Letter, task: Task, signer: User, token: str, prints_heading: bool
) -> SigningWork:
    """The PDF and the visible block of the signature the signer is about to make (the letter has
    its number already); `prints_heading`: the signing backend stamps the slot's heading itself."""
    assert letter.issued_at is not None and task.signing_since is not None
    before = signing_base(letter, prints_heading)
    code = new_code()
    slot_index = [slot.field_name for slot in signing_slots(letter)].index(task.step)
    identity = signing.SignerIdentity(
        name=signer.full_name,
        position=signing_position(signer, task.role),
        office=signer.office.title,
        nip=nip_line(signer.nip),
    )
    block = signing.SignatureBlock(
        slot_index=slot_index,
        field_name=task.step,
        signer=identity,
        signed_at=task.signing_since,
        verify_url=verify_url(code),
        heading=slot_heading(
            task.role, signer.office, identity.position if task.role != signer.role else None
        ),
    )
    return SigningWork(task.id, letter.id, token, signing_basis(letter), before, block, code)


def signing_basis(letter: Letter) -> str:
    """A fingerprint of everything a signature is made on: a change while signing voids the work."""
    return hashlib.sha256(
        canonical(
            [
                letter.applicant_nik,
                letter.applicant_name,
                letter.fields,
                letter.number,
                iso(letter.issued_at),
                letter.signed_pdf_sha256,
            ]
        )
    ).hexdigest()


def record_signature(
    letter: Letter,
    task: Task,
    signer: User,
    work: SigningWork,
    signed: signing.SignedDocument,
    client_address: str | None = None,
) -> Signature:
    """Keep the signed PDF and record the signature, unless the letter changed while it was
    signed."""
    if signing_basis(letter) != work.basis:
        raise Conflict(
            "Surat ini diubah selama ditandatangani; tanda tangan tidak disimpan. Coba lagi."
        )
    signed_sha256 = letter.signed_pdf_sha256 = put_blob(signed.pdf, "application/pdf")
    signature = Signature(
        step=task.step,
        signer_id=signer.id,
        signer_name=signer.full_name,
        signer_position=work.block.signer.position,
        role=task.role,
        signed_at=work.block.signed_at,
        certificate_fingerprint=signed.certificate_fingerprint,
        length_before=len(work.before),
    )
    letter.signatures.append(signature)
    record_revision(letter, signature, work.code, signed_sha256)
    record_event(
        letter,
        "signed",
        signer,
        {
            "task_id": task.id,
            "step": task.step,
            "number": letter.number,
            "acting_role": _acting(signer, task),
            "certificate_fingerprint": signed.certificate_fingerprint,
            "document_sha256_before": hashlib.sha256(work.before).hexdigest(),
            "document_sha256_after": hashlib.sha256(signed.pdf).hexdigest(),
        },
        client_address,
    )
    return signature


def _acting(signer: User, task: Task) -> str | None:
    """The role a Plt signs in, for the history; None when signing in one's own role."""
    return task.role if task.role != signer.role else None


def signing_position(signer: User, role: str) -> str:
    """The position printed under a signature: the signer's own, or, when acting for someone,
    "Plt. Camat Japah", "a.n. Camat Japah / Sekretaris Kecamatan Japah" or the u.b. form."""
    if role == signer.role:
        return signer.position or f"{role_label(role, signer.office.kind)} {signer.office.name}"
    office = signer.office
    head = f"{role_label(role, office.kind)} {office.name}"
    deputy_role = DELEGABLE.get(role, signer.role)
    deputy = f"{role_label(deputy_role, office.kind)} {office.name}"
    return acting_position(acting_form(signer, role), head, deputy, signer.position)


def void_signatures_from(letter: Letter, step: str) -> None:
    """A signing step is open again: void its earlier signature and every later one, and cut them
    off the PDF."""
    active = [s for s in letter.signatures if s.voided_at is None]
    first = next((i for i, s in enumerate(active) if s.step == step), None)
    if first is None:
        return
    now = utcnow()
    for signature in active[first:]:
        signature.voided_at = now
    # Cutting the PDF at a signature gives the earlier revision back: a blob kept already.
    if first == 0 or letter.signed_pdf_sha256 is None:
        letter.signed_pdf_sha256 = None
        return
    earlier = stored_blob(letter.signed_pdf_sha256)[: active[first].length_before]
    letter.signed_pdf_sha256 = put_blob(earlier, "application/pdf")
