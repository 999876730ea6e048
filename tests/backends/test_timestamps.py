"""RFC 3161 signature timestamps (PAdES B-T) from a local TSA; without a TSA, B-B, no timestamp."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from signing import (
    LocalSession,
    ServiceUnavailable,
    create_ca,
    http_timestamper,
    open_pkcs12,
    render_letter,
    validate_pdf,
)
from tests.backends.conftest import api_for
from tests.e2e.journeys import act, create, inbox_task, kades_task
from tests.fakes.tsa import LocalTsa
from tests.signing.helpers import PASSPHRASE, camat_block, issue_test_p12, kades_block, make_letter


@pytest.fixture(scope="module")
def key(test_ca):
    return open_pkcs12(issue_test_p12(test_ca[0], "Sutrisno", "3316010101700001"), PASSPHRASE)


@pytest.fixture(scope="module")
def draft() -> bytes:
    return render_letter(make_letter())


def _now_block(make=kades_block, **changes):
    return make(signed_at=datetime.now(UTC).replace(microsecond=0), **changes)


def test_signature_with_a_tsa_carries_a_trusted_timestamp_of_now(local_tsa, test_ca, key, draft):
    before = local_tsa.requests
    session = LocalSession(key, timestamper=http_timestamper(local_tsa.url))
    signed = session.sign(draft, _now_block()).pdf
    [check] = validate_pdf(signed, [test_ca[0].certificate_pem])
    assert check.valid and check.trusted
    assert check.timestamp_at is not None and check.timestamp_at.tzinfo is not None
    assert abs(check.timestamp_at - datetime.now(UTC)) < timedelta(seconds=10)
    assert (
        check.timestamp_at >= check.signed_at
    )  # the TSA vouches the signature existed at that time
    assert local_tsa.requests == before + 1


def test_both_signatures_of_a_letter_keep_their_timestamps(local_tsa, test_ca, key, draft):
    session = LocalSession(key, timestamper=http_timestamper(local_tsa.url))
    once = session.sign(draft, _now_block()).pdf
    twice = session.sign(once, _now_block(camat_block)).pdf
    checks = validate_pdf(twice, [test_ca[0].certificate_pem])
    assert [c.valid for c in checks] == [True, True]
    assert all(c.timestamp_at is not None for c in checks)


def test_without_a_tsa_the_signature_is_b_b_and_makes_no_request(local_tsa, test_ca, key, draft):
    before = local_tsa.requests
    signed = LocalSession(key).sign(draft, _now_block()).pdf
    [check] = validate_pdf(signed, [test_ca[0].certificate_pem])
    assert check.valid and check.timestamp_at is None
    assert local_tsa.requests == before


def test_a_timestamp_from_an_untrusted_tsa_gives_no_timestamp_time(test_ca, key, draft):
    stranger = LocalTsa(create_ca("Unknown TSA CA")).start()
    try:
        signed = (
            LocalSession(key, timestamper=http_timestamper(stranger.url))
            .sign(draft, _now_block())
            .pdf
        )
    finally:
        stranger.stop()
    [check] = validate_pdf(signed, [test_ca[0].certificate_pem])
    assert check.intact and check.timestamp_at is None


def test_an_unreachable_tsa_is_service_unavailable(key, draft):
    gone = LocalTsa(create_ca("Gone TSA CA")).start()
    gone.stop()
    with pytest.raises(ServiceUnavailable, match="cap waktu"):
        LocalSession(key, timestamper=http_timestamper(gone.url, timeout=2)).sign(
            draft, _now_block()
        )


def test_letter_signed_through_the_api_with_tsa_configured_is_timestamped(make_app, local_tsa, skd):
    app = make_app(TSA_URL=local_tsa.url)
    api = api_for(app)
    operator, kades = api("operator.bogem"), api("kades.bogem")
    letter = create(operator, skd)
    act(operator, letter["id"], "operator_check")
    act(kades, letter["id"], "kades_sign")
    pdf = operator.get(f"/letters/{letter['id']}/pdf").data
    [check] = validate_pdf(pdf, [Path(p).read_bytes() for p in app.config["TRUST_ROOTS"]])
    assert check.valid and abs(check.timestamp_at - datetime.now(UTC)) < timedelta(seconds=30)


def test_tsa_down_refuses_signing_and_leaves_the_letter_unchanged(make_app, skd):
    gone = LocalTsa(create_ca("Gone TSA CA")).start()
    gone.stop()
    api = api_for(make_app(TSA_URL=gone.url, TSA_TIMEOUT=2))
    kades, letter, task = kades_task(api, skd)
    response = kades.post(
        f"/tasks/{task['id']}/complete", json={"decision": "approve", "passphrase": "tte-demo"}
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert (
        error["code"] == "signing_failed"
        and "Layanan cap waktu (TSA) tidak dapat dihubungi" in error["message"]
    )
    after = kades.get(f"/letters/{letter['id']}").get_json()
    assert after["number"] is None and after["signatures"] == []
    assert inbox_task(kades, letter["id"], "kades_sign")["id"] == task["id"]
