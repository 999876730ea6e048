"""Letter type pages for admin_kabupaten: the list, and one form to create or change a type."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.errors import InvalidInput
from app.domain.letter_fields import FIELD_TYPES
from app.services import letter_types, route_admin
from app.web import bp
from app.web.auth import admin_required
from app.web.errors import pdf_preview

BLANK_ROWS = 3  # empty field rows offered for new fields


@bp.get("/admin/letter-types")
@admin_required
def admin_letter_types():
    """Every letter type with its classification code and route."""
    return render_template(
        "web/admin/letter_types.html", letter_types=letter_types.list_letter_types(current_user)
    )


@bp.route("/admin/letter-types/new", methods=["GET", "POST"])
@bp.route("/admin/letter-types/<code>", methods=["GET", "POST"])
@admin_required
def admin_letter_type(code: str | None = None):
    """Create or change a letter type: name, classification, route, fields and template text."""
    existing = letter_types.get_letter_type(current_user, code) if code else None
    errors: dict = {}
    if request.method == "POST":
        data = _form_data()
        try:
            saved = letter_types.save_letter_type(current_user, data, code=code)
        except InvalidInput as error:
            flash(error.message, "error")
            errors = error.fields
        else:
            flash(f"Jenis surat {saved.code} tersimpan.", "success")
            return redirect(url_for("web.admin_letter_types"))
    else:
        data = _type_data(existing) if existing else {"fields": [], "template": {}, "route": ""}
    rows = (
        data["fields"] + [{"name": "", "label": "", "type": "text", "required": True}] * BLANK_ROWS
    )
    return render_template(
        "web/admin/letter_type_form.html",
        existing=existing,
        data=data,
        rows=rows,
        errors=errors,
        field_types=FIELD_TYPES,
        route_list=route_admin.list_routes(current_user),
        placeholders=letter_types.BUILTIN_PLACEHOLDERS,
    )


@bp.get("/admin/letter-types/preview.pdf")
@admin_required
def admin_letter_type_preview():
    """The PDF a letter of the type as typed in the form would print (nothing is saved)."""
    data = _form_data(request.args)
    if not data["fields"]:
        data["fields"] = [{"name": "keperluan", "label": "Keperluan", "type": "text"}]
    data["route"] = data["route"] or "surat_desa"
    return pdf_preview(lambda: letter_types.preview_letter_type(current_user, data))


def _type_data(letter_type) -> dict:
    return {
        "code": letter_type.code,
        "name": letter_type.name,
        "classification": letter_type.classification,
        "route": letter_type.route.code,
        "fields": list(letter_type.fields),
        "template": dict(letter_type.template),
    }


def _form_data(form=None) -> dict:
    """The form's values in the service's shape; field rows left empty are dropped."""
    form = request.form if form is None else form
    names = form.getlist("field_name")
    labels = form.getlist("field_label")
    types = form.getlist("field_type")
    required = set(form.getlist("field_required"))
    fields = [
        {"name": name.strip(), "label": label.strip(), "type": kind, "required": str(i) in required}
        for i, (name, label, kind) in enumerate(zip(names, labels, types, strict=False))
        if name.strip() or label.strip()
    ]
    return {
        "code": form.get("code", ""),
        "name": form.get("name", ""),
        "classification": form.get("classification", ""),
        "route": form.get("route", ""),
        "fields": fields,
        "template": {"opening": form.get("opening", ""), "closing": form.get("closing", "")},
    }
