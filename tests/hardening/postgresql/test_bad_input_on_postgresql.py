"""The bad-input tests again on PostgreSQL: ids, cursors, lengths, NUL bytes and types give 4xx."""

from tests.hardening.test_bad_input import (  # noqa: F401  (collected again with the PostgreSQL app)
    test_a_cursor_beyond_64_bits_is_400,
    test_a_json_body_that_is_not_an_object_is_400_for_the_admin,
    test_a_nul_byte_in_a_username_is_400,
    test_an_applicant_name_longer_than_its_column_is_400,
    test_an_idempotency_key_over_100_characters_is_400,
    test_ids_beyond_64_bits_are_404,
    test_ids_beyond_the_id_columns_are_404,
    test_ids_beyond_the_id_columns_in_bodies_and_queries_are_400,
    test_nul_bytes_in_queries_and_codes_are_4xx,
    test_wrong_types_in_a_new_letter_are_400,
    test_wrong_types_in_corrected_data_are_400,
)
