"""The point-in-time recovery drill: a base backup, then the archived WAL replayed up to a moment."""

import os
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from apps.ops import pitr, postgres
from apps.ops.models import Backup
from apps.ops.services.backups import take_backup

# The scratch cluster's port: beside the test cluster, never the same.
SCRATCH_PORT = int(os.environ.get("SHOPFLOW_PITR_PORT", "54414"))


def superuser_connection(database="postgres"):
    """The cluster's superuser (pg_switch_wal is theirs), reached over TCP like services.sh's psql."""
    params = connection.settings_dict
    return psycopg.connect(host=params["HOST"], port=params["PORT"], user="postgres", dbname=database, autocommit=True)


def wait_until_archived(wal_file, timeout=60):
    archived = Path(settings.WAL_ARCHIVE_DIR) / wal_file
    deadline = time.monotonic() + timeout
    while not archived.exists():
        assert time.monotonic() < deadline, f"{wal_file} was not archived within {timeout} s"
        time.sleep(0.2)


@pytest.fixture(autouse=True)
def archiving_cluster():
    """The drill needs the local cluster of scripts/services.sh: its superuser and its WAL archive."""
    try:
        with superuser_connection() as conn:
            (mode,) = conn.execute("SHOW archive_mode").fetchone()
    except psycopg.OperationalError as error:
        pytest.skip(f"no superuser access to the cluster (external DATABASE_URL?): {error}")
    if mode != "on":
        pytest.skip("the cluster does not archive its WAL: run scripts/services.sh start")


@pytest.fixture
def marks_database():
    """A database of its own with a table of marks, in the same cluster (a base backup holds all)."""
    name = f"pitr_drill_{uuid.uuid4().hex[:8]}"
    postgres.create_database(name)
    with postgres.server_connection(name) as conn:
        conn.execute("CREATE TABLE marks (name text PRIMARY KEY)")
    yield name
    postgres.drop_database(name)


@pytest.fixture
def scratch_data_dir():
    folder = Path(settings.BACKUP_WORK_DIR) / f"pitr-{uuid.uuid4().hex[:8]}"
    yield folder
    pitr.stop_cluster(folder, remove=True)


@pytest.mark.django_db
def test_recovery_to_a_noted_time_has_what_was_written_before_it_and_nothing_after(
    backup_folder, marks_database, scratch_data_dir
):
    base = take_backup(kind=Backup.Kind.BASE)
    assert base.status == Backup.Status.SUCCEEDED, base.error
    assert len(base.wal_start_file) == 24  # the first segment recovery needs, kept by retention
    with postgres.server_connection(marks_database) as conn:
        conn.execute("INSERT INTO marks VALUES ('A')")
        time.sleep(0.5)
        (noted,) = conn.execute("SELECT clock_timestamp()").fetchone()
        time.sleep(0.5)
        conn.execute("INSERT INTO marks VALUES ('B')")
    with superuser_connection() as conn:
        (wal_file,) = conn.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()
    wait_until_archived(wal_file)

    pitr.recover_to_time(backup=base, target_time=noted, data_dir=scratch_data_dir, port=SCRATCH_PORT)

    params = connection.settings_dict
    with psycopg.connect(
        host="127.0.0.1", port=SCRATCH_PORT, user=params["USER"], password=params["PASSWORD"], dbname=marks_database
    ) as recovered:
        names = [name for (name,) in recovered.execute("SELECT name FROM marks ORDER BY name")]
    assert names == ["A"]
