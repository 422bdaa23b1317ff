"""The issuing body's digital signature on a report (PAdES, pyHanko), and the local test certificate.

The key, its certificate and the chain up to the certification authority are files named in the settings
(REPORTS_SIGNING_KEY_FILE, REPORTS_SIGNING_CERT_FILE, REPORTS_SIGNING_CHAIN_FILE, REPORTS_SIGNING_KEY_PASSWORD),
read when a document is signed. `make_test_certificate` writes a self-made authority and a signing certificate
for development and tests: its name says it has no legal value, and production configures its own.
"""

import datetime
import hashlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TEST_CERTIFICATE_LABEL = "Chứng thư thử nghiệm — không có giá trị pháp lý"
SIGNATURE_FIELD = "ChuKySoCoQuan"


@dataclass(frozen=True)
class SigningFiles:
    key: Path
    cert: Path
    chain: Path | None
    password: str

    @classmethod
    def from_settings(cls) -> "SigningFiles":
        key, cert = settings.REPORTS_SIGNING_KEY_FILE, settings.REPORTS_SIGNING_CERT_FILE
        chain = settings.REPORTS_SIGNING_CHAIN_FILE
        return cls(
            key=Path(key) if key else Path(),
            cert=Path(cert) if cert else Path(),
            chain=Path(chain) if chain else None,
            password=settings.REPORTS_SIGNING_KEY_PASSWORD or "",
        )

    def missing(self) -> list[str]:
        paths = [self.key, self.cert] + ([self.chain] if self.chain else [])
        return [str(p) for p in paths if not str(p) or str(p) == "." or not p.is_file()]


def signing_error() -> str:
    return _(
        "Chưa cấu hình chứng thư số của cơ quan (REPORTS_SIGNING_KEY_FILE, REPORTS_SIGNING_CERT_FILE), nên không "
        "ký được văn bản. Hãy báo quản trị viên."
    )


def load_signer(files: SigningFiles | None = None):
    """The body's signer from its files; a ValidationError in Vietnamese when they are missing or unreadable."""
    from pyhanko.sign import signers

    files = files or SigningFiles.from_settings()
    if files.missing():
        raise ValidationError(signing_error(), code="no_certificate")
    signer = signers.SimpleSigner.load(
        str(files.key),
        str(files.cert),
        ca_chain_files=(str(files.chain),) if files.chain else None,
        key_passphrase=files.password.encode() if files.password else None,
    )
    if signer is None:  # pyHanko logs the reason and answers None for a wrong password or a damaged file
        raise ValidationError(
            _("Không đọc được khóa hoặc chứng thư số của cơ quan (sai mật khẩu hoặc tệp hỏng). Hãy báo quản trị viên."),
            code="bad_certificate",
        )
    return signer


def certificate_subject(signer) -> str:
    return signer.signing_cert.subject.human_friendly


def sign_pdf(content: bytes, *, signer, reason: str, location: str, name: str) -> bytes:
    """`content` signed (PAdES baseline B) in an incremental update: the bytes before it are left as they were."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(content), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=name,
    )
    out = signers.PdfSigner(meta, signer=signer).sign_pdf(writer)
    return out.getvalue()


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# ---------------------------------------------------------------------------------------------------------
# A local certification authority and signing certificate, for development and tests
# ---------------------------------------------------------------------------------------------------------


def _name(common_name: str, organisation: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_test_certificate(
    directory: Path,
    *,
    organisation: str = TEST_CERTIFICATE_LABEL,
    common_name: str = "Cơ quan ban hành (thử nghiệm)",
    password: str = "",
    days: int = 3650,
) -> SigningFiles:
    """Write a root authority and a signing certificate under it (digitalSignature, nonRepudiation) into
    `directory`: root.pem (the authority, to trust when validating), chain.pem, cert.pem and key.pem."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    until = now + datetime.timedelta(days=days)

    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("CA thử nghiệm (tự lập)", organisation)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(root_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    files = SigningFiles(key=directory / "key.pem", cert=directory / "cert.pem", chain=directory / "chain.pem",
                         password=password)  # fmt: skip
    files.key.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption))
    files.key.chmod(0o600)
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    root_pem = root.public_bytes(serialization.Encoding.PEM)
    files.chain.write_bytes(root_pem)
    (directory / "root.pem").write_bytes(root_pem)
    return files
