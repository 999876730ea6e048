"""Office pages for admin_kabupaten: kecamatan and desa, the letterhead with a live PDF preview."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.errors import InvalidInput
from app.domain.numbering import DEFAULT_NUMBER_FORMAT, NUMBER_PLACEHOLDERS
from app.domain.offices import KIND_LABELS
from app.services import offices
from app.web import bp
from app.web.auth import admin_required
from app.web.errors import pdf_preview


@bp.get("/admin/offices")
@admin_required
def admin_offices():
    """The kabupaten, its kecamatan, and the desa of the kecamatan chosen."""
    kabupaten = current_user.office
    kecamatan_list = offices.list_offices(current_user, kind="kecamatan")
    chosen = request.args.get("kecamatan", type=int)
    desa_list = offices.list_offices(current_user, parent_id=chosen) if chosen else []
    return render_template(
        "web/admin/offices.html",
        kabupaten=kabupaten,
        kecamatan_list=kecamatan_list,
        chosen=chosen,
        desa_list=desa_list,
        KIND_LABELS=KIND_LABELS,
    )


@bp.route("/admin/offices/new", methods=["GET", "POST"])
@bp.route("/admin/offices/<int:office_id>", methods=["GET", "POST"])
@admin_required
def admin_office(office_id: int | None = None):
    """Create or change an office: kind, name, code, kecamatan, address and letterhead."""
    office = offices.get_office(current_user, office_id) if office_id else None
    errors: dict = {}
    data = (
        _office_data(office)
        if office
        else {
            "kind": request.args.get("kind", "desa"),
            "parent_id": request.args.get("parent", type=int),
        }
    )
    if request.method == "POST":
        data = _form_data(office)
        try:
            if office is None:
                office = offices.create_office(current_user, data)
            else:
                offices.update_office(current_user, office.id, data)
                logo = request.files.get("logo")
                if logo is not None and logo.filename:
                    offices.set_logo(current_user, office.id, logo.read())
        except InvalidInput as error:
            flash(error.message, "error")
            errors = error.fields
        else:
            flash(f"Kantor {office.code} tersimpan.", "success")
            return redirect(url_for("web.admin_office", office_id=office.id))
    return render_template(
        "web/admin/office_form.html",
        office=office,
        data=data,
        errors=errors,
        kecamatan_list=offices.list_offices(current_user, kind="kecamatan"),
        number_example=offices.number_example(office) if office else None,
        default_number_format=DEFAULT_NUMBER_FORMAT,
        number_placeholders=NUMBER_PLACEHOLDERS,
        KIND_LABELS=KIND_LABELS,
    )


@bp.get("/admin/offices/<int:office_id>/preview.pdf")
@admin_required
def admin_office_preview(office_id: int):
    """A sample letter with the letterhead as typed in the form (nothing is saved)."""
    args = request.args
    data = {}
    if args:
        data = {
            "name": args.get("name"),
            "address": args.get("address", ""),
            "letterhead": {
                "lines": args.get("lines", ""),
                **{k: args.get(k, "") for k in offices.LETTERHEAD_KEYS},
            },
        }
    return pdf_preview(lambda: offices.letterhead_preview(current_user, office_id, data))


def _office_data(office) -> dict:
    letterhead = office.letterhead or {}
    return {
        "kind": office.kind,
        "name": office.name,
        "code": office.code,
        "parent_id": office.parent_id,
        "address": office.address,
        "lines": "\n".join(letterhead.get("lines") or []),
        **{k: letterhead.get(k, "") for k in offices.LETTERHEAD_KEYS},
        "number_format": office.number_format or "",
    }


def _form_data(office) -> dict:
    """The form's values in the service's shape."""
    form = request.form
    data = {
        "kind": form.get("kind", office.kind if office else ""),
        "name": form.get("name", ""),
        "code": form.get("code", ""),
        "address": form.get("address", ""),
        "letterhead": {
            "lines": form.get("lines", ""),
            **{k: form.get(k, "") for k in offices.LETTERHEAD_KEYS},
        },
    }
    if form.get("parent_id"):
        data["parent_id"] = form.get("parent_id", type=int)
    if office is not None and office.kind == "kabupaten":
        data["number_format"] = form.get("number_format", "")
    return data
