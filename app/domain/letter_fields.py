"""A letter type's field list and the validation of what an operator types into it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from app.domain.errors import InvalidInput
from app.domain.nik import nik_problem

FIELD_TYPES = ("text", "textarea", "date", "number", "nik")

_MESSAGES = {
    "required": "Wajib diisi.",
    "null": "Wajib diisi.",
    "invalid": "Isian tidak valid.",
}


@dataclass(frozen=True)
class FieldSpec:
    """One field of a letter type: name, label, type and whether it is required."""

    name: str
    label: str
    type: str = "text"
    required: bool = True
    max_length: int = 500  # text fields; the applicant's name goes into a 120-character column

    @classmethod
    def from_dict(cls, raw: dict) -> "FieldSpec":
        return cls(
            raw["name"], raw["label"], raw.get("type", "text"), bool(raw.get("required", True))
        )

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "required": self.required,
        }


def _nik_rule(value: str) -> None:
    problem = nik_problem(value)
    if problem:
        raise ValidationError(problem)


def _not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Wajib diisi.")


def _marshmallow_field(spec: FieldSpec) -> fields.Field:
    messages = dict(_MESSAGES)
    options: dict[str, Any] = {"required": spec.required, "error_messages": messages}
    if not spec.required:
        options["load_default"] = None
        options["allow_none"] = True
    if spec.type == "date":
        messages["invalid"] = "Tanggal tidak valid (format YYYY-MM-DD)."
        return fields.Date(**options)
    if spec.type == "number":
        messages["invalid"] = "Harus berupa angka."
        return fields.Integer(strict=False, **options)
    validators: list[Callable[[str], Any]] = [
        validate.Length(max=spec.max_length, error="Paling banyak {max} karakter.")
    ]
    if spec.required:
        validators.append(_not_blank)
    if spec.type == "nik":
        validators.append(_nik_rule)
    return fields.String(validate=validators, **options)


APPLICANT_FIELDS = (
    FieldSpec("nik", "NIK", "nik"),
    FieldSpec("name", "Nama lengkap", "text", max_length=120),
)


def validate_letter_input(
    field_specs: list[FieldSpec], applicant: dict, values: dict
) -> tuple[dict, dict]:
    """Check the applicant and the letter type's fields; return clean (applicant, fields) or raise
    InvalidInput.

    Error keys are `applicant.<name>` and `fields.<name>` so each message lands on its own input.
    """
    errors: dict[str, list[str]] = {}
    clean = []
    for prefix, specs, raw in (
        ("applicant", APPLICANT_FIELDS, applicant),
        ("fields", field_specs, values),
    ):
        if raw is not None and not isinstance(raw, dict):
            errors[prefix] = ["Harus berupa objek berisi isian."]
            clean.append({})
            continue
        schema = Schema.from_dict({s.name: _marshmallow_field(s) for s in specs})(unknown=EXCLUDE)
        try:
            loaded = schema.load(_blank_to_missing(raw or {}, specs))
        except ValidationError as err:
            messages = err.normalized_messages()
            errors.update({f"{prefix}.{name}": list(msgs) for name, msgs in messages.items()})
            loaded = {}
        clean.append(
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in loaded.items()}
        )
    if errors:
        raise InvalidInput("Periksa kembali isian yang ditandai.", fields=errors)
    return clean[0], clean[1]


def _blank_to_missing(raw: dict, specs) -> dict:
    """Treat an empty input like a missing one, as people expect of forms."""
    names = {s.name for s in specs}
    return {
        k: (v.strip() if isinstance(v, str) else v)
        for k, v in raw.items()
        if k in names and v not in ("", None)
    }
