"""Point-in-time recovery (seed 003 §7: RPO under an hour): a base backup from `manage.py backup
--base`, replayed with the archived WAL up to a moment, as a cluster of its own on another port.

The cluster runs as the user PostgreSQL runs as: `postgres` when we are root (it refuses root),
as scripts/services.sh does. docs/operations.md tells the same steps by hand.
"""

import os
import shutil
import subprocess
import tarfile
import time
from datetime import datetime
from pathlib import Path

import psycopg
from django.conf import settings

from apps.ops import postgres
from apps.ops.models import Backup
from apps.ops.services.backups import BackupError, fetch_verified, work_dir


def _as_cluster_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chown", "-R", "postgres", str(path)], check=True)


def recover_to_time(
    *, backup: Backup, target_time: datetime, data_dir: Path, port: int, wal_archive=None, timeout=3600
) -> None:
    """Unpack base backup `backup` (checksum verified) into `data_dir` (absent or empty) and start it
    on 127.0.0.1:`port`, replaying WAL from the archive up to `target_time`, then promoting it."""
    if backup.kind != Backup.Kind.BASE:
        raise BackupError("Point-in-time recovery starts from a base backup (manage.py backup --base).")
    wal_archive = Path(wal_archive or settings.WAL_ARCHIVE_DIR)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with work_dir(f"recover-{data_dir.name}") as folder, tarfile.open(fetch_verified(backup, folder)) as tar:
        tar.extractall(data_dir, filter="tar")
    data_dir.chmod(0o700)
    overrides = {
        "port": str(port),
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": "''",
        # A copy must not write into the archive of the cluster it was taken from.
        "archive_mode": "off",
        "restore_command": f'\'cp "{wal_archive}/%f" "%p"\'',
        "recovery_target_time": f"'{target_time.isoformat()}'",
        "recovery_target_action": "'promote'",
        # No reader may see the cluster before it reached the target.
        "hot_standby": "off",
    }
    with open(data_dir / "postgresql.auto.conf", "a") as conf:
        conf.write("\n# Point-in-time recovery (apps/ops/pitr.py)\n")
        conf.writelines(f"{name} = {value}\n" for name, value in overrides.items())
    (data_dir / "recovery.signal").touch()
    _own(data_dir)
    pg_ctl = [postgres.program("pg_ctl"), "-D", str(data_dir)]
    result = subprocess.run(
        _as_cluster_owner([*pg_ctl, "-l", str(data_dir / "recovery.log"), "start"]),
        capture_output=True,
        text=True,
        cwd="/",
    )
    if result.returncode:
        raise postgres.PostgresError(f"The recovered cluster did not start: {result.stderr.strip()}")
    _wait_for_promotion(pg_ctl, data_dir, port, timeout)


def _wait_for_promotion(pg_ctl, data_dir: Path, port: int, timeout: float) -> None:
    """Until the replay reached the target and the server left recovery. A target past the end of
    the archived WAL stops the server instead ("recovery ended before … target was reached")."""
    env = postgres.client_env("postgres")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(
                host="127.0.0.1", port=port, user=env["PGUSER"], password=env["PGPASSWORD"], dbname="postgres",
                connect_timeout=2,
            ) as conn:  # fmt: skip
                if not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                    return
        except psycopg.OperationalError:
            pass
        if subprocess.run(_as_cluster_owner([*pg_ctl, "status"]), capture_output=True, cwd="/").returncode:
            log = (data_dir / "recovery.log").read_text(errors="replace").strip().splitlines()
            raise postgres.PostgresError("Recovery stopped the server:\n" + "\n".join(log[-8:]))
        time.sleep(0.5)
    raise postgres.PostgresError(f"The server was still recovering after {timeout:.0f} s ({data_dir}/recovery.log).")


def stop_cluster(data_dir: Path, *, remove=False) -> None:
    subprocess.run(
        _as_cluster_owner([postgres.program("pg_ctl"), "-D", str(data_dir), "-m", "immediate", "-w", "stop"]),
        capture_output=True,
        cwd="/",
    )
    if remove:
        shutil.rmtree(data_dir, ignore_errors=True)
