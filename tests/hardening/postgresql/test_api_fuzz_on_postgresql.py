"""schemathesis on PostgreSQL, where text columns, integer ranges and NUL bytes are strict."""

import pytest

from tests.hardening.test_api_fuzz import CALLERS, fuzz_every_operation


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c or "anonymous")
def test_no_generated_request_gets_a_server_error_on_postgresql(app, caller):
    assert fuzz_every_operation(app, caller, examples=4) == []
