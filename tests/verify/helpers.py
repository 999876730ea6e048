"""Helpers shared by the verification tests."""

from dataclasses import dataclass
from io import BytesIO


@dataclass
class SignedLetter:
    id: int
    number: str
    verify_url: str
    code: str
    pdf: bytes


def code_of(verify_url: str) -> str:
    """The verification code at the end of a letter's /v/<code> address."""
    return verify_url.rsplit("/v/", 1)[1]


def letter_pdf(api, letter_id: int) -> bytes:
    """The letter's current PDF, fetched by a user in scope."""
    response = api.get(f"/letters/{letter_id}/pdf")
    assert response.status_code == 200
    return response.data


def upload(client, pdf: bytes, filename: str = "surat.pdf"):
    """POST /api/v1/verify with the file, without any token."""
    return client.post(
        "/api/v1/verify",
        data={"file": (BytesIO(pdf), filename)},
        content_type="multipart/form-data",
    )
