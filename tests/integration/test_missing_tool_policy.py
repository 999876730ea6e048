"""The missing-tool policy of tests/tools.py, run in a separate pytest: elsewhere a missing program
skips with what to install; under CI=true it fails, and any skipped test fails the whole run."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFTEST = """
from tests.tools import fail_on_skips_in_ci


def pytest_sessionfinish(session):
    fail_on_skips_in_ci(session)
"""
TESTS = """
import pytest

from tests.tools import require_tool


def test_needs_a_program():
    require_tool("layang-no-such-program")


def test_skips_for_another_reason():
    pytest.skip("not today")
"""


def run_pytest(tmp_path: Path, ci: bool, test: str) -> subprocess.CompletedProcess:
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_policy.py").write_text(TESTS)
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-rs",
            "-p",
            "no:cacheprovider",
            f"test_policy.py::{test}",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_outside_ci_a_missing_program_skips_and_says_what_to_install(tmp_path):
    result = run_pytest(tmp_path, ci=False, test="test_needs_a_program")
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "layang-no-such-program not found: install the Debian package" in result.stdout


def test_under_ci_a_missing_program_fails(tmp_path):
    result = run_pytest(tmp_path, ci=True, test="test_needs_a_program")
    assert result.returncode == 1, result.stdout
    assert "1 failed" in result.stdout
    assert "CI=true: a missing tool fails, it never skips" in result.stdout


def test_under_ci_any_skipped_test_fails_the_run(tmp_path):
    assert run_pytest(tmp_path, ci=False, test="test_skips_for_another_reason").returncode == 0
    result = run_pytest(tmp_path, ci=True, test="test_skips_for_another_reason")
    assert result.returncode == 1, result.stdout
    assert "1 skipped" in result.stdout
    assert "a fresh clone must skip none" in result.stdout
    assert "test_policy.py::test_skips_for_another_reason: Skipped: not today" in result.stdout
