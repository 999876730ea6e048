"""Open a signer's PKCS#12 once and keep the loaded key ready for fast signing."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign.attributes import CMSAttributeProvider, SignedAttributeProviderSpec
from pyhanko.sign.general import as_signing_certificate_v2, get_pyca_cryptography_hash
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .errors import BadPassphrase, CertificateProblem, SigningError


@dataclass(frozen=True)
class SignerIdentity:
    name: str
    position: str  # one line per row, e.g. "a.n. Camat Japah\nSekretaris Kecamatan"
    office: str
    nip: str | None = None  # printed under the name ("NIP. 19680303 199003 1 004")


class _SigningCertificateAttribute(CMSAttributeProvider):
    """The signing-certificate-v2 attribute, encoded once per key."""

    attribute_type = "signing_certificate_v2"

    def __init__(self, certificate: asn1_x509.Certificate):
        self._der = as_signing_certificate_v2(certificate).dump()

    async def build_attr_value(self, dry_run: bool = False) -> tsp.SigningCertificateV2:
        # A parsed value, unlike a freshly built one, is not re-encoded by
        # asn1crypto each time an enclosing structure is dumped; the freshly
        # built one costs ~30 ms per signature through nested re-encoding.
        return tsp.SigningCertificateV2.load(self._der)


class _PadesAttributes(SignedAttributeProviderSpec):
    """Signed attributes of a PAdES B-B signature without timestamps or CAdES extras."""

    def __init__(self, certificate: asn1_x509.Certificate):
        self._signing_certificate = _SigningCertificateAttribute(certificate)

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
        # content-type and message-digest are added by pyHanko itself; PAdES
        # forbids the CMS signing-time attribute (the time goes into /M).
        yield self._signing_certificate


class _HeldKeySigner(Signer):
    """pyHanko signer over an already-loaded private key.

    pyHanko's SimpleSigner re-parses the key from DER on every signature,
    which is most of its cost; this one keeps the parsed key object.
    """

    def __init__(
        self,
        private_key,
        certificate: asn1_x509.Certificate,
        registry: SimpleCertificateStore,
        attributes: _PadesAttributes,
    ):
        super().__init__(signing_cert=certificate, cert_registry=registry)
        self._private_key = private_key
        self.signed_attr_prov_spec = attributes

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15":
            return self._private_key.sign(data, PKCS1v15(), hash_algo)
        if mechanism == "ecdsa":
            return self._private_key.sign(data, ec.ECDSA(hash_algo))
        raise SigningError(f"unsupported signature mechanism {mechanism}")


class _Certified:
    """The public side of an opened PKCS#12: certificate, chain and the signer built on them."""

    def __init__(self, certificate: x509.Certificate, chain: list[x509.Certificate]):
        der = certificate.public_bytes(serialization.Encoding.DER)
        self.chain_der = [c.public_bytes(serialization.Encoding.DER) for c in chain]
        self.certificate = certificate
        self.certificate_der = der
        self.asn1_certificate = asn1_x509.Certificate.load(der)
        self.registry = SimpleCertificateStore()
        self.registry.register_multiple(asn1_x509.Certificate.load(d) for d in self.chain_der)
        self.attributes = _PadesAttributes(self.asn1_certificate)


class SigningKey:
    """An opened PKCS#12: private key, certificate and chain, ready to sign."""

    def __init__(self, private_key, certified: _Certified):
        certificate = certified.certificate
        self.certificate_der: bytes = certified.certificate_der
        self.certificate_fingerprint: str = hashlib.sha256(self.certificate_der).hexdigest()
        self.not_before: datetime = certificate.not_valid_before_utc
        self.not_after: datetime = certificate.not_valid_after_utc
        names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        self.common_name: str = str(names[0].value) if names else ""
        self.signer = _HeldKeySigner(
            private_key, certified.asn1_certificate, certified.registry, certified.attributes
        )
        # Room for the CMS blob (hex, so twice its DER size): certificates it
        # embeds, the signature value and signed attributes, with a margin.
        # Giving pyHanko this number spares it a dry-run signature per call.
        cms_estimate = (
            len(self.certificate_der)
            + sum(map(len, certified.chain_der))
            + _key_bytes(private_key)
            + 2048
        )
        self.bytes_reserved: int = 2 * cms_estimate

    def __repr__(self) -> str:
        return f"<SigningKey {self.common_name!r} sha256={self.certificate_fingerprint[:16]}>"


def _key_bytes(private_key) -> int:
    return (
        (private_key.key_size + 7)
        // 8
        * (2 if isinstance(private_key, ec.EllipticCurvePrivateKey) else 1)
    )


def _load(p12: bytes, passphrase: str):
    try:
        return pkcs12.load_key_and_certificates(p12, passphrase.encode("utf-8"))
    except ValueError:
        pass
    # cryptography says "invalid password or PKCS12 data" for both; tell a
    # damaged file apart so the user is not told to retype a correct passphrase.
    try:
        _ = asn1_pkcs12.Pfx.load(p12).native  # parses the whole structure
    except Exception:
        raise CertificateProblem("the PKCS#12 file is damaged or not a PKCS#12 file") from None
    raise BadPassphrase("wrong passphrase for this certificate") from None


# The public side of PKCS#12 files this process has opened and fully checked, by the file's SHA-256.
# Opening one of them again decrypts only its key (one passphrase key derivation) and skips
# cryptography's RSA key validation, which costs ~25 ms per load (primality checks) and was done on
# these exact bytes already. Nothing secret is kept: no passphrase, no private key.
_CHECKED: OrderedDict[str, _Certified] = OrderedDict()
_CHECKED_MAX = 512


def _shrouded_key(p12: bytes) -> bytes | None:
    """The encrypted PKCS#8 key of a PKCS#12 whose key bag is not itself inside encrypted data."""
    for content in asn1_pkcs12.Pfx.load(p12).authenticated_safe:
        if content["content_type"].native != "data":
            continue
        for bag in asn1_pkcs12.SafeContents.load(content["content"].native):
            if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                return bag["bag_value"].untag().dump()
    return None


def _reopen(p12: bytes, passphrase: str, certified: _Certified):
    """The private key of a PKCS#12 checked before, or None when the quick way does not open it."""
    try:
        shrouded = _shrouded_key(p12)
        if shrouded is None:
            return None
        key = serialization.load_der_private_key(
            shrouded, passphrase.encode("utf-8"), unsafe_skip_rsa_key_validation=True
        )
    except Exception:  # a wrong passphrase, or a layout this way does not read: the full check
        return None
    public = certified.certificate.public_key()
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        return None
    if key.public_key().public_numbers() != public.public_numbers():  # type: ignore[union-attr]
        return None
    return key


def open_pkcs12(p12: bytes, passphrase: str, *, at: datetime | None = None) -> SigningKey:
    """Open a signer's PKCS#12 with the passphrase typed now; BadPassphrase, or CertificateProblem
    when expired or not yet valid at `at` (default now)."""
    digest = hashlib.sha256(p12).hexdigest()
    certified = _CHECKED.get(digest)
    private_key = _reopen(p12, passphrase, certified) if certified is not None else None
    if private_key is None or certified is None:
        private_key, certified = _open_and_check(p12, passphrase)
        _CHECKED[digest] = certified
        while len(_CHECKED) > _CHECKED_MAX:
            _CHECKED.popitem(last=False)
    check_valid_at(
        certified.certificate.not_valid_before_utc, certified.certificate.not_valid_after_utc, at
    )
    return SigningKey(private_key, certified)


def _open_and_check(p12: bytes, passphrase: str):
    """The private key and the public side of a PKCS#12, after every check of its contents."""
    private_key, certificate, extra = _load(p12, passphrase)
    if private_key is None or certificate is None:
        raise CertificateProblem("the PKCS#12 holds no private key or no certificate")
    if not isinstance(private_key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise CertificateProblem("only RSA and EC signing keys are supported")
    if private_key.public_key().public_numbers() != certificate.public_key().public_numbers():
        raise CertificateProblem("the private key does not belong to the certificate")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    # validate_pdf requires one of these usages, so refuse up front what would
    # later verify as untrusted.
    if usage is None or not (usage.digital_signature or usage.content_commitment):
        raise CertificateProblem("the certificate's key usage does not allow signatures")
    return private_key, _Certified(certificate, list(extra))


def check_valid_at(not_before: datetime, not_after: datetime, at: datetime | None) -> None:
    """Raise CertificateProblem unless `at` (default now) lies in the validity period."""
    at = at or datetime.now(UTC)
    if at.tzinfo is None:
        raise ValueError("`at` must be timezone-aware")
    if at < not_before:
        raise CertificateProblem(
            f"the certificate is not valid before {not_before:%Y-%m-%d %H:%M} UTC"
        )
    if at > not_after:
        raise CertificateProblem(f"the certificate expired on {not_after:%Y-%m-%d %H:%M} UTC")
