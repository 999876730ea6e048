"""Fixtures for the signer backend tests: a fake BSrE, a local TSA, apps using them."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, ApiClient
from tests.fakes.bsre import CLIENT_ID, CLIENT_SECRET, FakeBsre
from tests.fakes.tsa import LocalTsa

# The demo officials as BSrE knows them (NIKs from the demo seed), with their BSrE passphrases.
KADES_NIK = "3316010101750001"  # kades.bogem, Sutrisno
CAMAT_NIK = "3316010303680004"  # camat.japah, Drs. Hadi Purnomo
BSRE_PASSPHRASE = "Rahasia-BSrE-7731"


@pytest.fixture(scope="session")
def bsre_server(tmp_path_factory):
    """One fake BSrE esign-client per test worker, the Bogem kades and Japah camat registered."""
    fake = FakeBsre()
    fake.register(KADES_NIK, "Sutrisno", BSRE_PASSPHRASE)
    fake.register(CAMAT_NIK, "Drs. Hadi Purnomo", BSRE_PASSPHRASE)
    fake.ca_path = tmp_path_factory.mktemp("bsre") / "bsre-ca.pem"
    fake.ca_path.write_bytes(fake.ca.certificate_pem)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def bsre(bsre_server):
    """The fake BSrE, put back to a healthy state after the test (speed, failures, accounts)."""
    accounts = dict(bsre_server.accounts)
    statuses = {nik: account.status for nik, account in accounts.items()}
    yield bsre_server
    bsre_server.delay, bsre_server.broken = 0.0, False
    bsre_server.has_status_endpoint, bsre_server.odd_reply = True, None
    bsre_server.accounts.clear()
    bsre_server.accounts.update(accounts)
    for nik, status in statuses.items():
        accounts[nik].status = status
    bsre_server.sign_requests.clear()
    bsre_server.status_requests.clear()


@pytest.fixture
def bsre_app(make_app, bsre, test_ca):
    """make_bsre_app(**settings): the application signing through the fake BSrE, trusting its CA."""

    def build(**settings):
        config = dict(
            SIGNER_BACKEND="bsre",
            BSRE_URL=bsre.url,
            BSRE_CLIENT_ID=CLIENT_ID,
            BSRE_CLIENT_SECRET=CLIENT_SECRET,
            BSRE_TIMEOUT=5,
            TRUST_ROOTS=[test_ca[1], str(bsre.ca_path)],
        )
        config.update(settings)
        return make_app(**config)

    return build


def api_for(application):
    """api("kades.bogem") signs in to `application` through the API and returns an ApiClient."""
    client = application.test_client()

    def sign_in(username: str) -> ApiClient:
        response = client.post(
            "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.get_json()
        return ApiClient(client, response.get_json()["token"], username)

    return sign_in


@pytest.fixture(scope="session")
def local_tsa(test_ca):
    """One local RFC 3161 TSA per test worker, its certificate issued by the test CA."""
    tsa = LocalTsa(test_ca[0]).start()
    yield tsa
    tsa.stop()
