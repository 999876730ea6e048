"""One policy for the system programs some tests need (Debian packages; `make system-deps`):
under CI=true a missing program fails the test, elsewhere it skips it with what to install. And
under CI=true nothing may skip at all: a skip there means a fresh clone leaves something untested.
"""

import os
import shutil

import pytest

DEBIAN_PACKAGE = {
    "certutil": "libnss3-tools",
    "chromium": "chromium",
    "initdb": "postgresql",
    "node": "nodejs",
    "pdffonts": "poppler-utils",
    "pdfinfo": "poppler-utils",
    "pdfsig": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
    "zbarimg": "zbar-tools",
}


def in_ci() -> bool:
    """True when the tests run in CI (`.ci/run` sets CI=true)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def tool_missing(message: str) -> None:
    """Fail the current test under CI, skip it elsewhere; the message says what to install."""
    if in_ci():
        pytest.fail(f"{message} (CI=true: a missing tool fails, it never skips)", pytrace=False)
    pytest.skip(message)


def require_tool(name: str) -> str:
    """The path of a program the test needs; fails (CI) or skips (elsewhere) when it is absent."""
    path = shutil.which(name)
    if path is None:
        package = DEBIAN_PACKAGE.get(name, name)
        tool_missing(f"{name} not found: install the Debian package {package} (`make system-deps`)")
    return path or ""


def require_tools(*names: str) -> None:
    """Require every named program (see `require_tool`)."""
    for name in names:
        require_tool(name)


def fail_on_skips_in_ci(session: pytest.Session) -> None:
    """Turn a green run with skipped tests into a failed one under CI=true, naming the skips."""
    if not in_ci() or hasattr(
        session.config, "workerinput"
    ):  # xdist workers: the controller checks
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if not skipped:
        return
    reporter.ensure_newline()
    reporter.write_line(f"CI=true: {len(skipped)} test(s) skipped; a fresh clone must skip none:")
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reporter.write_line(f"  {report.nodeid}: {reason}")
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
