"""The SQLite tests again on PostgreSQL: requests, limits, desk, delivery and retention."""

from tests.residents.test_delivery_retention import (  # noqa: F401  (collected here too)
    test_attachments_are_deleted_after_the_retention_period_as_an_audit_event,
    test_the_downloaded_letter_is_the_signed_pdf_and_verifies,
)
from tests.residents.test_desk import (  # noqa: F401
    test_a_fix_request_reaches_the_resident_and_the_same_request_continues,
    test_starting_the_route_keeps_the_request_history_in_the_letters_audit_chain,
)
from tests.residents.test_online_requests import (  # noqa: F401
    test_a_duplicate_request_is_refused_while_the_first_is_open,
    test_a_wrong_pin_is_refused_and_guessing_is_limited_per_nik,
)
from tests.residents.test_tracking import (  # noqa: F401
    test_wrong_guesses_lock_the_code_even_from_other_addresses,
)
