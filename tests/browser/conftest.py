"""Browser tests: Debian's Chromium driven by Playwright against the app served in a thread."""

import threading
from pathlib import Path

import pytest
from playwright import sync_api
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.tools import require_tool

FRONTEND_DIST = Path(__file__).resolve().parents[2] / "frontend" / "dist"
# Without the background-networking flags Chromium keeps calling out, which the network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


@pytest.fixture
def live_server(app):
    """The test app served on a random port of 127.0.0.1; yields its base URL."""
    if not (FRONTEND_DIST / "modeler.js").exists():
        pytest.fail("frontend/dist is not built: run `make frontend`")
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per module (Playwright gives it a fresh, temporary profile).

    Not per session: while Playwright's sync API runs, its asyncio loop occupies this thread, and
    tests that sign (pyHanko runs its own loop) would fail in the same pytest worker afterwards.
    """
    chromium = require_tool("chromium")
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A new browser page with its own cookies; JavaScript errors fail the test."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert errors == [], errors


def sign_in(tab, username: str, password: str = "layang-demo") -> None:
    tab.goto("/login")
    tab.fill("input[name=username]", username)
    tab.fill("input[name=password]", password)
    tab.click("button[type=submit]")
    tab.wait_for_url(lambda url: "/login" not in url)
