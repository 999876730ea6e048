"""Public verification pages: /v/<code> from the QR code, and /v to type a code or upload a PDF. No
sign-in."""

from flask import Response, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from app.domain.errors import DocumentTooComplex, InvalidInput, NotFound, TooManyAttempts
from app.domain.residents import looks_like_tracking_code
from app.domain.roles import ROLE_LABELS
from app.services import verification
from app.web import bp
from app.web.errors import refusal_status

# Verification pages carry a capability (the code) and personal data: keep them out of search
# engines, shared caches and other sites' Referer logs.
_PRIVATE_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
}


class UploadForm(FlaskForm):
    """A letter's PDF to check."""

    berkas = FileField("Berkas PDF surat", render_kw={"accept": "application/pdf,.pdf"})


@bp.get("/v/<code>")
def verify_letter(code: str):
    """The public verification page a letter's QR code points to."""
    try:
        result = verification.verify_code(code)
    except NotFound:
        if looks_like_tracking_code(code):  # a resident's tracking code: it belongs on /lacak
            return redirect(url_for("web.track_page", kode=code, dari="v"))
        return _private(render_template("web/verify/unknown.html"), 404)
    return _private(
        render_template(
            "web/verify/letter.html",
            v=result,
            code=code,
            upload=False,
            role_labels=ROLE_LABELS,
        )
    )


@bp.get("/v/<code>/pdf")
def verify_letter_pdf(code: str):
    """The signed PDF of a completed letter, downloaded by whoever holds its verification code."""
    try:
        letter, pdf = verification.public_pdf(code)
    except NotFound as missing:
        known = missing.message != verification.UNKNOWN_CODE
        return _private(
            render_template(
                "web/verify/unknown.html",
                code=code if known else None,
                title="PDF belum tersedia" if known else None,
                message=missing.message if known else None,
            ),
            404,
        )
    filename = (letter.number or "surat").replace("/", "-") + ".pdf"
    return _private(
        Response(
            pdf,
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    )


@bp.route("/v", methods=["GET", "POST"])
def verify_start():
    """Check a letter by typing its verification code (or pasting its link), or by uploading its
    PDF."""
    code = (request.args.get("kode") or "").strip()
    if code:
        return redirect(url_for("web.verify_letter", code=code.rstrip("/").rsplit("/v/", 1)[-1]))
    form = UploadForm()
    error, status = None, 200
    if form.validate_on_submit():
        upload = form.berkas.data
        pdf = upload.stream.read(verification.max_upload_bytes() + 1) if upload else b""
        try:
            if not pdf:
                raise InvalidInput("Pilih berkas PDF surat yang ingin diperiksa.")
            result = verification.verify_upload(pdf, request.remote_addr)
        except (InvalidInput, DocumentTooComplex, TooManyAttempts) as problem:
            error = problem.message
            status = refusal_status(problem)
        else:
            return _private(
                render_template(
                    "web/verify/letter.html",
                    v=result,
                    code=None,
                    upload=True,
                    role_labels=ROLE_LABELS,
                )
            )
    return _private(render_template("web/verify/index.html", form=form, error=error), status)


def _private(response, status: int = 200) -> Response:
    if not isinstance(response, Response):
        response = Response(response, status=status, mimetype="text/html")
    response.headers.update(_PRIVATE_HEADERS)
    return response
