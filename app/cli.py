"""Command-line tasks: `flask seed-demo`."""

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

import signing
from app.services import demo


def register_cli(app: Flask) -> None:
    """Attach Layang's commands to `flask`."""
    app.cli.add_command(audit_cli)
    app.cli.add_command(backup_cli)

    @app.cli.command("timers")
    def timers_command():
        """Fire the due-date timers of overdue steps once (for cron; `make run` runs them every few
        minutes)."""
        from app.services.timers import fire_due_timers

        click.echo(f"{fire_due_timers()} langkah melewati tenggat.")

    @app.cli.command("purge-attachments")
    def purge_attachments_command():
        """Delete residents' attachments whose letter ended longer ago than the retention period
        (and rate-limit counters of windows long over). For a daily cron job."""
        from app.services.residents.retention import nightly_cleanup

        days = current_app.config["ATTACHMENT_RETENTION_DAYS"]
        click.echo(f"{nightly_cleanup()} lampiran dihapus (masa simpan {days} hari).")

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Create the demo kabupaten, its users, and a development CA with a certificate per
        signer."""
        ca_dir = Path(current_app.instance_path) / "dev-ca"
        ca = _development_ca(ca_dir)
        created = demo.seed_demo(ca)
        click.echo("Data demo dibuat." if created else "Data demo sudah ada.")
        click.echo(f"CA pengembangan: {ca_dir / 'ca.pem'}")
        click.echo(
            f"Semua pengguna demo memakai kata sandi '{demo.DEMO_PASSWORD}'; "
            f"passphrase TTE '{demo.DEMO_PASSPHRASE}':"
        )
        for username, _full_name, role, office, _position, _nik in demo.USERS:
            click.echo(f"  {username:28} {role.value:20} {office}")


def _development_ca(ca_dir: Path) -> signing.CertificateAuthority:
    """The development CA of this installation, created on first use; only ever for the demo."""
    cert, key = ca_dir / "ca.pem", ca_dir / "ca-key.pem"
    if cert.exists() and key.exists():
        return signing.CertificateAuthority(
            certificate_pem=cert.read_bytes(), private_key_pem=key.read_bytes()
        )
    ca_dir.mkdir(parents=True, exist_ok=True)
    ca = signing.create_ca("Layang Development CA")
    cert.write_bytes(ca.certificate_pem)
    key.write_bytes(ca.private_key_pem)
    key.chmod(0o600)
    return ca


backup_cli = AppGroup("backup", help="Cadangan: basis data dan berkas blob, dan pemulihannya.")


@backup_cli.command("create")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_create_command(directory: Path):
    """Back up the database and the blob store's objects into DIRECTORY (new or empty)."""
    from app.services import backups

    summary = _refusal_exits(lambda: backups.create_backup(directory))
    click.echo(
        f"Cadangan {summary.database} (revisi {summary.revision}) dengan {summary.objects} "
        f"berkas objek tersimpan di {summary.directory}."
    )


@backup_cli.command("restore")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def backup_restore_command(directory: Path):
    """Restore the backup in DIRECTORY into this app's empty database and its blob store."""
    from app.services import backups

    summary = _refusal_exits(lambda: backups.restore_backup(directory))
    click.echo(
        f"Dipulihkan: basis data {summary.database} (revisi {summary.revision}) dan "
        f"{summary.objects} berkas objek. Periksa dengan `flask audit verify`."
    )


def _refusal_exits(action):
    """Run a backup action; a refusal is printed and exits with status 1."""
    from app.domain.errors import DomainError

    try:
        return action()
    except DomainError as refused:
        click.echo(f"GAGAL: {refused.message}", err=True)
        raise SystemExit(1) from None


audit_cli = AppGroup("audit", help="Jejak audit: periksa rantai hash, tulis digest harian.")


@audit_cli.command("verify")
@click.option(
    "--no-digest", is_flag=True, help="Jangan menutup hari yang sudah lewat dengan digest dahulu."
)
def audit_verify_command(no_digest: bool):
    """Check every letter's hash chain, the live letters, the daily digests and the read log; exit 1
    if broken."""
    from app.services import integrity

    if not no_digest:
        integrity.write_digests()
    report = integrity.verify_all()
    click.echo(
        f"Diperiksa: {report.letters} surat, {report.events} peristiwa, {report.blobs} berkas, "
        f"{report.requests} permohonan online ({report.request_events} peristiwa), "
        f"{report.digests} digest harian, {report.reads} catatan akses."
    )
    if report.ok:
        click.echo("Jejak audit utuh.")
        return
    click.echo(f"RUSAK: {report.problems[0].describe()}", err=True)
    for problem in report.problems[1:20]:
        click.echo(f"  juga: {problem.describe()}", err=True)
    raise SystemExit(1)


@audit_cli.command("digest")
@click.option(
    "--day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Tutup hari-hari yang sudah lewat sampai tanggal ini (WIB); bawaan: kemarin.",
)
def audit_digest_command(day):
    """Write the daily kabupaten digests of every finished day (up to --day) that has none yet."""
    from app.domain.errors import DomainError
    from app.services import integrity

    try:
        written = integrity.write_digests(until=day.date() if day else None)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    for digest in written:
        requests = digest.requests or {"heads": [], "events_count": 0}
        click.echo(
            f"{digest.day.isoformat()} kabupaten #{digest.kabupaten_id}: "
            f"{len(digest.heads)} surat, {digest.events_count} peristiwa; "
            f"{len(requests['heads'])} permohonan online, "
            f"{requests['events_count']} peristiwa; hash {digest.hash}"
        )
    if not written:
        click.echo("Tidak ada hari baru untuk ditutup.")
