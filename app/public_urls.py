"""Public addresses printed on letters and sent to people, built from LAYANG_PUBLIC_BASE_URL."""

from flask import current_app


def public_url(path: str) -> str:
    """An absolute public address for a path of this site."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}{path}"


def verify_url(verify_code: str) -> str:
    """The verification address a letter's QR code holds."""
    return public_url(f"/v/{verify_code}")
