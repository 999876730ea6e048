"""Command-line tasks: `flask seed-demo`."""
from pathlib import Path

import click
from flask import Flask, current_app

import signing
from app.services import demo


def register_cli(app: Flask) -> None:
    """Attach Layang's commands to `flask`."""

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Create the demo kabupaten, its users, and a development CA with a certificate per signer."""
        ca_dir = Path(current_app.instance_path) / "dev-ca"
        ca = _development_ca(ca_dir)
        created = demo.seed_demo(ca)
        click.echo("Data demo dibuat." if created else "Data demo sudah ada.")
        click.echo(f"CA pengembangan: {ca_dir / 'ca.pem'}")
        click.echo(f"Semua pengguna demo memakai kata sandi '{demo.DEMO_PASSWORD}'; "
                   f"passphrase TTE '{demo.DEMO_PASSPHRASE}':")
        for username, full_name, role, office, _position, _nik in demo.USERS:
            click.echo(f"  {username:28} {role.value:20} {office}")


def _development_ca(ca_dir: Path) -> signing.CertificateAuthority:
    """The development CA of this installation, created on first use; only ever for the demo."""
    cert, key = ca_dir / "ca.pem", ca_dir / "ca-key.pem"
    if cert.exists() and key.exists():
        return signing.CertificateAuthority(certificate_pem=cert.read_bytes(), private_key_pem=key.read_bytes())
    ca_dir.mkdir(parents=True, exist_ok=True)
    ca = signing.create_ca("Layang Development CA")
    cert.write_bytes(ca.certificate_pem)
    key.write_bytes(ca.private_key_pem)
    key.chmod(0o600)
    return ca
