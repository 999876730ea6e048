"""Using the web UI from tests: page text, CSRF tokens, hidden fields, signing in."""

import html
import re

from tests.conftest import PASSWORD


def page(response) -> str:
    """A web page's text with HTML entities decoded."""
    return html.unescape(response.get_data(as_text=True))


def _text(response_or_html) -> str:
    return (
        response_or_html
        if isinstance(response_or_html, str)
        else response_or_html.get_data(as_text=True)
    )


def hidden_value(response_or_html, name: str) -> str:
    """The value of the form field `name` (a hidden input) in a page."""
    match = re.search(
        rf'name="{re.escape(name)}" (?:type="hidden" )?value="([^"]*)"', _text(response_or_html)
    )
    assert match, f"no hidden {name} in the page"
    return match.group(1)


def csrf_of(response_or_html) -> str:
    """The CSRF token of the (first) form in a page."""
    token = hidden_value(response_or_html, "csrf_token")
    assert token, "empty CSRF token in the page"
    return token


def submit_login(client, username: str, password: str = PASSWORD):
    """Fill in and send the login form; the page shown next, whether the sign-in worked or not."""
    form = client.get("/login")
    return client.post(
        "/login",
        data={"csrf_token": csrf_of(form), "username": username, "password": password},
        follow_redirects=True,
    )


def login_web(client, username: str, password: str = PASSWORD):
    """Sign in through the login page and assert it worked; the page the user lands on."""
    response = submit_login(client, username, password)
    assert response.history and response.history[0].status_code == 302, (
        f"sign-in of {username} failed: {page(response)[:500]}"
    )
    assert response.status_code == 200 and response.request.path != "/login", response.request.path
    return response
