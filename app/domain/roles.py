"""Roles, office levels and which office a role works in."""

from enum import StrEnum


class OfficeLevel(StrEnum):
    KABUPATEN = "kabupaten"
    KECAMATAN = "kecamatan"
    DESA = "desa"  # desa and kelurahan alike


class Role(StrEnum):
    OPERATOR_DESA = "operator_desa"
    KADES = "kades"  # Kepala Desa; in a kelurahan, the Lurah
    SEKDES = "sekdes"  # Sekretaris Desa; in a kelurahan, the Sekretaris Kelurahan
    OPERATOR_KECAMATAN = "operator_kecamatan"
    CAMAT = "camat"
    SEKCAM = "sekcam"  # Sekretaris Kecamatan: the camat's deputy (Plt, a.n.)
    ADMIN_KABUPATEN = "admin_kabupaten"
    AUDITOR = "auditor"


ROLE_LEVEL = {
    Role.OPERATOR_DESA: OfficeLevel.DESA,
    Role.KADES: OfficeLevel.DESA,
    Role.SEKDES: OfficeLevel.DESA,
    Role.OPERATOR_KECAMATAN: OfficeLevel.KECAMATAN,
    Role.CAMAT: OfficeLevel.KECAMATAN,
    Role.SEKCAM: OfficeLevel.KECAMATAN,
    Role.ADMIN_KABUPATEN: OfficeLevel.KABUPATEN,
    Role.AUDITOR: OfficeLevel.KABUPATEN,
}

ROLE_LABELS: dict[str, str] = {
    Role.OPERATOR_DESA: "Operator Desa",
    Role.KADES: "Kepala Desa",
    Role.SEKDES: "Sekretaris Desa",
    Role.OPERATOR_KECAMATAN: "Operator Kecamatan",
    Role.CAMAT: "Camat",
    Role.SEKCAM: "Sekretaris Kecamatan",
    Role.ADMIN_KABUPATEN: "Admin Kabupaten",
    Role.AUDITOR: "Auditor Inspektorat",
}
# The same roles in a kelurahan are called by the kelurahan's words.
KELURAHAN_LABELS = {
    Role.OPERATOR_DESA: "Operator Kelurahan",
    Role.KADES: "Lurah",
    Role.SEKDES: "Sekretaris Kelurahan",
}


# Roles that sign letters (TTE) and so hold certificates and use bulk signing.
SIGNER_ROLES = frozenset({Role.KADES, Role.SEKDES, Role.CAMAT, Role.SEKCAM})

# Roles that may hold a certificate: the signers, and operators who as kaur or kasi sign "u.b."
# (untuk beliau) when a head delegates that way.
CERTIFICATE_ROLES = SIGNER_ROLES | {Role.OPERATOR_DESA, Role.OPERATOR_KECAMATAN}

# Roles that never receive tasks: they read (admin, auditor).
READ_ONLY_ROLES = frozenset({Role.ADMIN_KABUPATEN, Role.AUDITOR})

# Roles a route's lanes may name: everyone who can be given a task.
TASK_ROLES = tuple(r.value for r in Role if r not in READ_ONLY_ROLES)

# The desa's own officials: they (and the auditor) may see residents' attachments of their desa.
DESA_OFFICIAL_ROLES = frozenset({Role.OPERATOR_DESA, Role.KADES, Role.SEKDES})

# Plt / a.n. delegation: who may hand their role to whom, within one office.
DELEGABLE: dict[str, Role] = {Role.KADES: Role.SEKDES, Role.CAMAT: Role.SEKCAM}

# Who heads an office of each level, and the deputy after them; who registers and checks there.
OFFICE_HEADS = {
    OfficeLevel.DESA: (Role.KADES, Role.SEKDES),
    OfficeLevel.KECAMATAN: (Role.CAMAT, Role.SEKCAM),
}
OFFICE_OPERATOR = {
    OfficeLevel.DESA: Role.OPERATOR_DESA,
    OfficeLevel.KECAMATAN: Role.OPERATOR_KECAMATAN,
}


def role_label(role: str, office_kind: str | None = None) -> str:
    """The role as that kind of office calls it: "Kepala Desa", or "Lurah" in a kelurahan."""
    if office_kind == "kelurahan" and role in KELURAHAN_LABELS:
        return KELURAHAN_LABELS[Role(role)]
    return ROLE_LABELS.get(role, role)


def parse_role(text: str) -> Role | None:
    """The role written as a code ("kades") or a label ("Kepala Desa", "Lurah"), or None."""
    wanted = (text or "").strip().lower()
    for role in Role:
        names = {role.value, ROLE_LABELS[role].lower(), KELURAHAN_LABELS.get(role, "").lower()}
        if wanted in names:
            return role
    return None


def is_known_role(name: str) -> bool:
    """True when `name` is a role code, e.g. a BPMN lane name."""
    return name in Role._value2member_map_
