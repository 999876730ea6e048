"""Roles, office levels and which office a role works in."""

from enum import StrEnum


class OfficeLevel(StrEnum):
    KABUPATEN = "kabupaten"
    KECAMATAN = "kecamatan"
    DESA = "desa"


class Role(StrEnum):
    OPERATOR_DESA = "operator_desa"
    KADES = "kades"
    SEKDES = "sekdes"
    OPERATOR_KECAMATAN = "operator_kecamatan"
    CAMAT = "camat"
    ADMIN_KABUPATEN = "admin_kabupaten"
    AUDITOR = "auditor"


ROLE_LEVEL = {
    Role.OPERATOR_DESA: OfficeLevel.DESA,
    Role.KADES: OfficeLevel.DESA,
    Role.SEKDES: OfficeLevel.DESA,
    Role.OPERATOR_KECAMATAN: OfficeLevel.KECAMATAN,
    Role.CAMAT: OfficeLevel.KECAMATAN,
    Role.ADMIN_KABUPATEN: OfficeLevel.KABUPATEN,
    Role.AUDITOR: OfficeLevel.KABUPATEN,
}

ROLE_LABELS: dict[str, str] = {
    Role.OPERATOR_DESA: "Operator Desa",
    Role.KADES: "Kepala Desa",
    Role.SEKDES: "Sekretaris Desa",
    Role.OPERATOR_KECAMATAN: "Operator Kecamatan",
    Role.CAMAT: "Camat",
    Role.ADMIN_KABUPATEN: "Admin Kabupaten",
    Role.AUDITOR: "Auditor Inspektorat",
}


# Roles that sign letters (TTE) and so hold certificates and use bulk signing.
SIGNER_ROLES = frozenset({Role.KADES, Role.SEKDES, Role.CAMAT})

# Roles that never receive tasks: they read (admin, auditor).
READ_ONLY_ROLES = frozenset({Role.ADMIN_KABUPATEN, Role.AUDITOR})

# Roles a route's lanes may name: everyone who can be given a task.
TASK_ROLES = tuple(r.value for r in Role if r not in READ_ONLY_ROLES)

# The desa's own officials: they (and the auditor) may see residents' attachments of their desa.
DESA_OFFICIAL_ROLES = frozenset({Role.OPERATOR_DESA, Role.KADES, Role.SEKDES})

# Plt (acting) delegation: who may hand their role to whom.
DELEGABLE: dict[str, Role] = {Role.KADES: Role.SEKDES}


def is_known_role(name: str) -> bool:
    """True when `name` is a role code, e.g. a BPMN lane name."""
    return name in Role._value2member_map_
