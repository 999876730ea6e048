"""Forms of the residents' pages: an online request, its code, tracking, and the desa's desk."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, PasswordField, RadioField, StringField, TextAreaField

from app.domain.residents import DELIVERY_LABELS, PIN_CHANNEL
from app.web.forms import add_letter_fields

CHANNEL_CHOICES = {
    "whatsapp": "Kode lewat WhatsApp",
    "telegram": "Kode lewat Telegram",
    "email": "Kode lewat e-mail",
    PIN_CHANNEL: "NIK + PIN dari kantor desa",
}
UPLOAD_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"


def request_form(letter_type, choices: list[str], **kwargs) -> FlaskForm:
    """The public request form of a letter type: applicant, fields, one upload per requirement,
    how to confirm, how to receive, and a honeypot input people never see."""

    class RequestForm(FlaskForm):
        situs_web = StringField("Situs web", render_kw={"autocomplete": "off", "tabindex": "-1"})
        channel = RadioField(
            "Konfirmasi permohonan dengan",
            choices={c: CHANNEL_CHOICES[c] for c in choices},
            default=(choices or [PIN_CHANNEL])[0],
            validate_choice=False,
        )
        address = StringField(
            "Nomor WhatsApp, ID chat Telegram, atau alamat e-mail",
            render_kw={"autocomplete": "tel", "inputmode": "email"},
        )
        pin = PasswordField("PIN dari kantor desa", render_kw={"autocomplete": "off"})
        delivery = RadioField(
            "Cara menerima surat",
            choices={str(k): v for k, v in DELIVERY_LABELS.items()},
            default="download",
            validate_choice=False,
        )

    add_letter_fields(RequestForm, letter_type)
    for requirement in letter_type.requirements or []:
        render_kw: dict = {"accept": UPLOAD_ACCEPT}
        if requirement.get("required", True):
            render_kw["required"] = True
        setattr(
            RequestForm,
            f"file_{requirement['code']}",
            FileField(requirement["label"], render_kw=render_kw),
        )
    return RequestForm(**kwargs)


def fix_form(letter_type, **kwargs) -> FlaskForm:
    """The resident's fix: the letter's fields again and new uploads, with the tracking key."""

    class FixForm(FlaskForm):
        kode = HiddenField()
        nik4 = HiddenField()
        kirim = HiddenField(default="1")

    add_letter_fields(FixForm, letter_type, applicant=False)
    for requirement in letter_type.requirements or []:
        setattr(
            FixForm,
            f"file_{requirement['code']}",
            FileField(requirement["label"], render_kw={"accept": UPLOAD_ACCEPT}),
        )
    return FixForm(**kwargs)


class ConfirmForm(FlaskForm):
    """The one-time code the resident received."""

    otp = StringField(
        "Kode konfirmasi",
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6},
    )


class TrackForm(FlaskForm):
    """A tracking code and the last four NIK digits."""

    kode = StringField(
        "Kode lacak", render_kw={"autocapitalize": "characters", "autocomplete": "off"}
    )
    nik4 = StringField(
        "4 digit terakhir NIK",
        render_kw={"inputmode": "numeric", "maxlength": 4, "autocomplete": "off"},
    )


class ReasonForm(FlaskForm):
    """Why the operator asks for a fix or refuses."""

    reason = TextAreaField("Alasan", render_kw={"rows": 3})


class PinForm(FlaskForm):
    """The NIK of the resident who gets a PIN."""

    nik = StringField("NIK warga", render_kw={"inputmode": "numeric", "maxlength": 16})


def uploaded_files(form: FlaskForm, letter_type) -> dict:
    """Each requirement's uploaded bytes (5 MB + 1 at most are read: the service refuses more)."""
    files = {}
    for requirement in letter_type.requirements or []:
        upload = form[f"file_{requirement['code']}"].data
        if upload and getattr(upload, "filename", ""):
            files[requirement["code"]] = upload.stream.read(5 * 1024 * 1024 + 1)
    return files


def field_values(form: FlaskForm, letter_type) -> dict:
    """The letter type's field values typed into the form."""
    return {spec["name"]: form[f"field_{spec['name']}"].data or "" for spec in letter_type.fields}
