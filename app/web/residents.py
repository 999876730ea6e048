"""The residents' public pages: ask for a letter online, confirm it, track it, fix it, download it.

Phone first and without JavaScript. No sign-in: the tracking code plus the last four NIK digits is
the resident's key. Pages carry personal data or capabilities: no caching, no indexing, no Referer.
"""

from flask import Response, redirect, render_template, request, url_for

from app.domain.errors import DomainError, InvalidInput, NotFound
from app.domain.residents import PIN_CHANNEL, RequestStatus, mask_address, mask_name
from app.services.residents import requests as online
from app.services.residents import tracking
from app.services.verification import mask_nik
from app.web import bp
from app.web.errors import refusal_status
from app.web.forms import apply_errors
from app.web.resident_forms import (
    ConfirmForm,
    TrackForm,
    field_values,
    fix_form,
    request_form,
    uploaded_files,
)

# The embeddable page may sit in any desa website's iframe; it runs no script and only links out.
EMBED_POLICY = (
    "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors *"
)
_PRIVATE = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "private, no-store",
}


@bp.get("/layanan/<desa_code>")
def online_catalogue(desa_code: str):
    """The desa's online counter: which letters can be asked for, and what to bring (attach)."""
    return _catalogue(desa_code, embed=False)


@bp.get("/layanan/<desa_code>/sematan")
def online_catalogue_embed(desa_code: str):
    """The same counter, to sit in an iframe on the desa's website; forms open in a new tab."""
    response = _catalogue(desa_code, embed=True)
    response.headers["Content-Security-Policy"] = EMBED_POLICY
    return response


def _catalogue(desa_code: str, embed: bool) -> Response:
    desa = online.online_desa(desa_code)
    page = render_template(
        "web/residents/catalogue.html",
        desa=desa,
        letter_types=online.online_letter_types(),
        embed=embed,
    )
    return _private(page)


@bp.route("/layanan/<desa_code>/<type_code>", methods=["GET", "POST"])
def online_request(desa_code: str, type_code: str):
    """Fill in the letter's data, attach the requirements, choose how to confirm and to receive."""
    desa = online.online_desa(desa_code)
    try:
        letter_type = online.online_letter_type(type_code)
    except InvalidInput:
        raise NotFound("Jenis surat tidak ditemukan.") from None
    choices = online.confirmation_choices(desa)
    form = request_form(letter_type, choices)
    unplaced, status = [], 200
    if form.validate_on_submit():
        sent = online.Submission(
            type_code=letter_type.code,
            applicant={
                "nik": form.applicant_nik.data or "",
                "name": form.applicant_name.data or "",
            },
            fields=field_values(form, letter_type),
            files=uploaded_files(form, letter_type),
            contact=online.Contact(
                form.channel.data or "", form.address.data or "", form.pin.data or ""
            ),
            delivery=form.delivery.data or "",
            honeypot=form.situs_web.data or "",
        )
        try:
            made = online.submit_request(desa.code, sent, request.remote_addr)
        except DomainError as problem:
            unplaced, status = (
                [problem.message, *apply_errors(form, problem)],
                refusal_status(problem),
            )
        else:
            if made.status == RequestStatus.SUBMITTED:
                return _private(render_template("web/residents/received.html", req=made), 201)
            return redirect(url_for("web.online_confirm", public_id=made.public_id), 303)
    elif request.method == "POST":
        unplaced, status = ["Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."], 400
    page = render_template(
        "web/residents/request_form.html",
        desa=desa,
        letter_type=letter_type,
        form=form,
        unplaced=unplaced,
        pin_channel=PIN_CHANNEL,
        choices=choices,
    )
    return _private(page, status)


@bp.route("/permohonan/<public_id>/konfirmasi", methods=["GET", "POST"])
def online_confirm(public_id: str):
    """Type the one-time code; then the resident sees the tracking code."""
    pending = online.pending_request(public_id)
    form = ConfirmForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            confirmed = online.confirm_request(public_id, form.otp.data, request.remote_addr)
        except DomainError as problem:
            error, status = problem.message, refusal_status(problem)
        else:
            return _private(render_template("web/residents/received.html", req=confirmed), 201)
    elif pending.status != RequestStatus.UNCONFIRMED:
        raise NotFound("Permohonan tidak ditemukan.")
    page = render_template(
        "web/residents/confirm.html",
        form=form,
        error=error,
        sent_to=mask_address(pending.contact_channel, pending.contact_address),
        public_id=public_id,
    )
    return _private(page, status)


@bp.route("/lacak", methods=["GET", "POST"])
def track_page():
    """Where my request stands: tracking code plus the last four NIK digits."""
    form = TrackForm(kode=request.args.get("kode", ""))
    result, error, notice, status = None, None, None, 200
    if request.args.get("dari") == "v":
        notice = (
            "Kode ini adalah kode lacak permohonan, bukan kode verifikasi surat. "
            "Masukkan 4 digit terakhir NIK untuk melihat perkembangan permohonan."
        )
    if form.validate_on_submit():
        try:
            result = tracking.track(form.kode.data, form.nik4.data, request.remote_addr)
        except DomainError as problem:
            error, status = problem.message, refusal_status(problem)
    page = render_template(
        "web/residents/track.html", form=form, result=result, error=error, notice=notice
    )
    return _private(page, status)


@bp.route("/lacak/unduh", methods=["GET", "POST"])
def track_download():
    """The signed PDF, byte for byte, for the holder of the tracking code and NIK digits."""
    values = request.form if request.method == "POST" else request.args
    if request.method == "POST" and not TrackForm().validate_on_submit():
        return redirect(url_for("web.track_page"), 303)
    try:
        filename, pdf = tracking.signed_letter(
            values.get("kode", ""), values.get("nik4", ""), request.remote_addr
        )
    except DomainError as problem:
        page = render_template(
            "web/residents/track.html", form=TrackForm(), result=None, error=problem.message
        )
        return _private(page, refusal_status(problem))
    response = Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    return _private(response)


@bp.post("/lacak/perbaiki")
def track_fix():
    """Fix what the desa asked for: the fields and new uploads; the same request goes back."""
    key = TrackForm()
    if not key.validate_on_submit():
        return redirect(url_for("web.track_page"), 303)
    code, nik4 = key.kode.data or "", key.nik4.data or ""
    fixing = online.fix_form(code, nik4, request.remote_addr)
    letter_type = fixing.letter_type
    if "kirim" in request.form:
        form = fix_form(letter_type)
    else:  # coming from the tracking page: start from what the resident sent before
        values = {f"field_{k}": "" if v is None else str(v) for k, v in fixing.fields.items()}
        form = fix_form(letter_type, formdata=None, **values)
    unplaced, status = [], 200
    if "kirim" in request.form:
        try:
            online.resubmit_request(
                code,
                nik4,
                field_values(form, letter_type),
                uploaded_files(form, letter_type),
                request.remote_addr,
            )
        except DomainError as problem:
            unplaced, status = (
                [problem.message, *apply_errors(form, problem)],
                refusal_status(problem),
            )
        else:
            result = tracking.track(code, nik4, request.remote_addr)
            page = render_template(
                "web/residents/track.html",
                form=TrackForm(kode=code),
                result=result,
                error=None,
                notice="Perbaikan terkirim. Permohonan Anda kembali diperiksa desa.",
            )
            return _private(page)
    form.kode.data, form.nik4.data = code, nik4
    page = render_template(
        "web/residents/fix.html",
        form=form,
        req=fixing,
        unplaced=unplaced,
        nik=mask_nik(fixing.applicant_nik),
        name=mask_name(fixing.applicant_name),
    )
    return _private(page, status)


def _private(response, status: int = 200) -> Response:
    if not isinstance(response, Response):
        response = Response(response, status=status, mimetype="text/html")
    response.headers.update(_PRIVATE)
    return response
