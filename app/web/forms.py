"""Web forms. They carry input and the CSRF token only; the services validate."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional
from wtforms.widgets import DateInput, NumberInput

from app.domain.acting import FORM_LABELS, ActingForm
from app.domain.errors import DomainError


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(
        "Nama pengguna", render_kw={"autocomplete": "username", "autocapitalize": "none"}
    )
    password = PasswordField("Kata sandi", render_kw={"autocomplete": "current-password"})


class ButtonForm(FlaskForm):
    """A form that is only a button (logout, claim, unclaim): the CSRF token is all it carries."""


class DecisionForm(FlaskForm):
    """An official's decision on a task: approve, return or reject, a reason, the passphrase."""

    decision = RadioField("Keputusan", validate_choice=False)
    reason = TextAreaField("Alasan (wajib untuk dikembalikan atau ditolak)", render_kw={"rows": 3})
    # PasswordField never writes its value back into the page.
    passphrase = PasswordField(
        "Passphrase sertifikat elektronik", render_kw={"autocomplete": "off"}
    )


DECISION_LABELS = {"approve": "Setujui", "return": "Kembalikan", "reject": "Tolak"}


def decision_form(
    signing: bool, letter_type=None, decisions=("approve", "return", "reject"), **kwargs
) -> DecisionForm:
    """The decision form of a task, offering only the decisions its route handles there.

    On a signing step approving also signs. With a letter type, the form also carries the letter's
    data for the desa operator to correct.
    """

    class TaskForm(DecisionForm):
        pass

    if letter_type is not None:
        add_letter_fields(TaskForm, letter_type)
    labels = dict(DECISION_LABELS, approve="Setujui dan tandatangani" if signing else "Setujui")
    TaskForm.decision = RadioField(
        "Keputusan", validate_choice=False, choices={d: labels[d] for d in decisions}
    )
    form = TaskForm(**kwargs)
    if not signing:
        del form.passphrase
    return form


# Letter type field type -> how its input is drawn. Values stay strings; the service parses them.
_INPUTS = {
    "text": lambda label, kw: StringField(label, render_kw=kw),
    "textarea": lambda label, kw: TextAreaField(label, render_kw={"rows": 3, **kw}),
    "date": lambda label, kw: StringField(label, widget=DateInput(), render_kw=kw),
    "number": lambda label, kw: StringField(
        label, widget=NumberInput(), render_kw={"inputmode": "numeric", **kw}
    ),
    "nik": lambda label, kw: StringField(
        label, render_kw={"inputmode": "numeric", "maxlength": 16, "autocomplete": "off", **kw}
    ),
}


def letter_form(letter_type, **kwargs) -> FlaskForm:
    """A form for a new letter of this type: applicant NIK and name, then the type's own fields."""

    class LetterForm(FlaskForm):
        idempotency_key = HiddenField()

    add_letter_fields(LetterForm, letter_type)
    return LetterForm(**kwargs)


def add_letter_fields(form_class, letter_type, applicant: bool = True) -> None:
    """Add inputs named applicant_<name> (unless `applicant` is False) and field_<name>;
    apply_errors() maps the service's error keys ("applicant.nik", "fields.keperluan") onto them."""
    if applicant:
        form_class.applicant_nik = _INPUTS["nik"]("NIK pemohon", {"required": True})
        form_class.applicant_name = StringField(
            "Nama lengkap pemohon", render_kw={"required": True}
        )
    for spec in letter_type.fields:
        make = _INPUTS.get(spec.get("type", "text"), _INPUTS["text"])
        render_kw = {"required": True} if spec.get("required", True) else {}
        setattr(form_class, f"field_{spec['name']}", make(spec["label"], render_kw))


def letter_values(letter) -> dict:
    """A letter's current data as form input values, to prefill a correction form."""
    values = {"applicant_nik": letter.applicant_nik, "applicant_name": letter.applicant_name}
    for spec in letter.letter_type.fields:
        value = letter.fields.get(spec["name"])
        values[f"field_{spec['name']}"] = "" if value is None else str(value)
    return values


def letter_input(form: FlaskForm, letter_type) -> tuple[dict, dict]:
    """The applicant and field values typed into a letter form."""
    applicant = {"nik": form.applicant_nik.data or "", "name": form.applicant_name.data or ""}
    fields = {spec["name"]: form[f"field_{spec['name']}"].data or "" for spec in letter_type.fields}
    return applicant, fields


_ERROR_PREFIXES = {"applicant": "applicant_", "fields": "field_", "files": "file_"}


def apply_errors(form: FlaskForm, error: DomainError) -> list[str]:
    """Put each message of the error next to its input; answer those that belong to no input."""
    unplaced = []
    for key, messages in error.fields.items():
        prefix, dot, rest = key.partition(".")
        name = f"{_ERROR_PREFIXES[prefix]}{rest}" if dot and prefix in _ERROR_PREFIXES else key
        field = form._fields.get(name)
        if field is None:
            unplaced.extend(messages)
        else:
            field.errors = list(messages)
    return unplaced


class BulkSignForm(FlaskForm):
    """One passphrase for every ticked letter; the task ids come as plain checkboxes."""

    passphrase = PasswordField(
        "Passphrase sertifikat elektronik", render_kw={"autocomplete": "off"}
    )


class CertificateUploadForm(FlaskForm):
    """An official's PKCS#12 file and the passphrase that opens it (checked, never stored)."""

    file = FileField(
        "Berkas sertifikat (.p12)", render_kw={"accept": ".p12,.pfx,application/x-pkcs12"}
    )
    passphrase = PasswordField("Passphrase berkas", render_kw={"autocomplete": "off"})


class DelegationForm(FlaskForm):
    """Who acts for me (Plt., a.n. or u.b.), and until when."""

    to = SelectField("Pejabat pengganti", validate_choice=False)
    until = DateField("Berlaku sampai tanggal", validators=[Optional()])
    form = SelectField(
        "Bentuk penandatanganan",
        choices={str(form): label for form, label in FORM_LABELS.items()},
        default=ActingForm.PLT.value,
    )


class CutiBersamaForm(FlaskForm):
    """A cuti bersama day of the kabupaten."""

    day = DateField("Tanggal", validators=[Optional()])
    name = StringField("Keterangan (mis. Cuti bersama Natal)")
