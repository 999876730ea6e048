"""Stateful schemathesis over the served OpenAPI document: sequences of calls in which what one
call created (a letter, its tasks, a delegation, an official, an office, a route version, an
online request) feeds the calls after it, through the document's links (explicit ones and those
schemathesis infers). As anonymous and as one user of each demo role: no server error, never HTML.

Bounded: a fixed number of scenarios of a few steps each per caller, derandomized, so the run
takes seconds per caller and fails the same way twice.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.e2e.journeys import create
from tests.hardening.test_api_fuzz import CALLERS, _token, server_problem

SCENARIOS = 15
STEPS = 8


def explore_statefully(
    app, caller: str | None, scenarios: int = SCENARIOS, only: str | None = None
) -> tuple[list, int]:
    """Run the state machine (over the operations whose path matches `only`, or all); answers the
    server errors seen and how many linked calls (a value taken from an earlier answer)
    succeeded."""
    app.config["VERIFY_TIME_BUDGET"] = 2.0
    headers = {"Authorization": f"Bearer {_token(app.test_client(), caller)}"} if caller else {}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Logging out or changing the password would end the caller's token for every later step.
    schema = schema.exclude(path_regex="/auth/(logout|password)$")
    if only:
        schema = schema.include(path_regex=only)
    errors: list[str] = []
    linked_successes = 0

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case):
            # The caller's own token, not a generated Authorization header (anonymous runs
            # send whatever schemathesis generates).
            case.headers = {**(case.headers or {}), **headers}

        def step(self, input):
            nonlocal linked_successes
            output = super().step(input)
            if input.transition is not None and input.is_applied:
                linked_successes += output.response.status_code < 400
            return output

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            problem = server_problem(case, response)
            if problem:
                errors.append(problem)

    Workflow.run(
        settings=settings(
            max_examples=scenarios,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    return errors, linked_successes


@pytest.fixture
def letters_in_two_desa(api_as, skd):
    """A waiting letter in Bogem and in Kutukan: lists and inboxes hand out real ids."""
    return [create(api_as(operator), skd) for operator in ("operator.bogem", "operator.kutukan")]


@pytest.mark.parametrize("caller", CALLERS, ids=lambda c: c or "anonymous")
def test_no_sequence_of_calls_gets_a_server_error(app, letters_in_two_desa, caller):
    errors, _ = explore_statefully(app, caller)
    assert errors == []


@pytest.mark.parametrize("caller", ["operator.bogem", "kades.bogem", "admin.blora"])
def test_what_one_call_answers_feeds_the_next(app, letters_in_two_desa, caller):
    # Over the letters, tasks and officials alone the runs chain often enough to show that the
    # links work: values from earlier answers reach later calls, which then succeed.
    errors, linked_successes = explore_statefully(app, caller, only="/(letters|tasks|users)")
    assert errors == []
    assert linked_successes > 0
