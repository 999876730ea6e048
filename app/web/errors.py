"""How the web UI answers errors: domain errors are flashed, missing pages get a 404 page."""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from app.domain import errors
from app.http_errors import status_of
from app.web import bp


@bp.errorhandler(errors.DomainError)
def domain_error(error: errors.DomainError):
    """Tell the user what went wrong and send them back to the page they came from."""
    flash(error.message, "error")
    target = _same_site_referrer() or url_for("web.index")
    if target == request.url:  # going back would only repeat the error
        return render_template(
            "web/error.html", title="Tidak dapat diproses", message=error.message
        ), 400
    return redirect(target)


@bp.errorhandler(errors.TooManyAttempts)
def too_many_attempts(error: errors.TooManyAttempts):
    """A rate limit no page answered itself: a page saying when to try again, 429 and
    Retry-After."""
    page = render_template(
        "web/error.html", title="Terlalu banyak percobaan", message=error.message
    )
    return page, refusal_status(error)


def refusal_status(problem: errors.DomainError) -> int:
    """The status of a page that refuses `problem`; a rate limit's page also tells the browser when
    to come back (Retry-After, added by retry_after_header), as the API does."""
    if isinstance(problem, errors.TooManyAttempts):
        g.retry_after = problem.retry_after
    return status_of(problem)


@bp.after_request
def retry_after_header(response: Response) -> Response:
    """Retry-After on every page refused by a rate limit (see refusal_status)."""
    wait = g.get("retry_after")
    if wait and response.status_code == 429:
        response.headers["Retry-After"] = str(wait)
    return response


@bp.errorhandler(errors.NotFound)
def domain_not_found(error: errors.NotFound):
    """Letters and tasks outside the user's office look exactly like missing ones."""
    return render_template("web/error.html", title="Tidak ditemukan", message=error.message), 404


@bp.errorhandler(404)
def page_not_found(_error):
    """A friendly 404 page for web addresses that lead nowhere."""
    return render_template(
        "web/error.html", title="Tidak ditemukan", message="Halaman yang Anda cari tidak ada."
    ), 404


@bp.errorhandler(CSRFError)
def csrf_failed(_error):
    """A form posted without a valid CSRF token is refused (400), with a way out."""
    return render_template(
        "web/error.html",
        title="Formulir kedaluwarsa",
        message="Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.",
    ), 400


def _same_site_referrer() -> str | None:
    """The Referer, when it points into this site."""
    referrer = request.referrer
    if not referrer:
        return None
    here, there = urlsplit(request.host_url), urlsplit(referrer)
    return referrer if (there.scheme, there.netloc) == (here.scheme, here.netloc) else None


def pdf_preview(render: Callable[[], bytes]):
    """A live PDF preview; input the preview cannot use is explained inside the preview frame."""
    try:
        pdf = render()
    except errors.InvalidInput as error:
        problems = [m for messages in error.fields.values() for m in messages]
        message = " ".join([error.message, *problems])
        return render_template(
            "web/error.html", title="Belum bisa dipratinjau", message=message
        ), 400
    return Response(pdf, mimetype="application/pdf", headers={"Cache-Control": "no-store"})
