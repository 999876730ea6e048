"""Fixtures: a completed SKTM letter with its signed PDF and verification code."""

import pytest

from tests.e2e.journeys import walk_sktm
from tests.verify.helpers import SignedLetter, code_of, letter_pdf


@pytest.fixture
def completed_sktm(api_as, sktm) -> SignedLetter:
    """A SKTM letter signed by the kades and the camat and handed over."""
    letter = walk_sktm(api_as, sktm)
    assert letter["status"] == "completed"
    pdf = letter_pdf(api_as("operator.bogem"), letter["id"])
    return SignedLetter(
        letter["id"], letter["number"], letter["verify_url"], code_of(letter["verify_url"]), pdf
    )
