"""The PostgreSQL client programs behind backups and restores, and the server-level statements
around them (create, drop, inspect a database). No model is read or written here."""

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql


class PostgresError(Exception):
    """A client program or server-level statement failed; the message says what and why."""


def bin_dir() -> Path:
    """PG_BIN_DIR, else the newest /usr/lib/postgresql/<v>/bin (as scripts/services.sh), else the PATH."""
    if settings.PG_BIN_DIR:
        return Path(settings.PG_BIN_DIR)
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name))
    if versions:
        return Path(versions[-1])
    found = shutil.which("pg_dump")
    if not found:
        raise PostgresError("pg_dump is not installed; install the PostgreSQL client or set PG_BIN_DIR")
    return Path(found).parent


def program(name: str) -> str:
    return str(bin_dir() / name)


def client_env(database: str | None = None) -> dict:
    """libpq's environment for the default database's server, as the app role."""
    params = connection.settings_dict
    env = {**os.environ, "PGHOST": params["HOST"] or "127.0.0.1", "PGUSER": params["USER"]}
    env["PGPORT"] = str(params["PORT"] or 5432)
    env["PGPASSWORD"] = params["PASSWORD"] or ""
    env["PGDATABASE"] = database or params["NAME"]
    return env


def run(args: list[str], *, database: str | None = None, stderr_lines=None) -> None:
    """Run a client program; `stderr_lines(line)` sees its messages as they come (pg_dump -v).

    A failure raises PostgresError carrying the program's last messages.
    """
    process = subprocess.Popen(
        args, env=client_env(database), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    tail = []
    for line in process.stderr:
        tail = [*tail[-19:], line.rstrip()]
        if stderr_lines:
            stderr_lines(line)
    if process.wait():
        messages = "\n".join(line for line in tail if not line.startswith(f"{Path(args[0]).name}: dumping"))
        raise PostgresError(f"{Path(args[0]).name} exited with {process.returncode}: {messages.strip()}")


def server_connection(database: str = "postgres", *, autocommit=True) -> psycopg.Connection:
    """A connection of its own, autocommit by default (CREATE/DROP DATABASE refuse a transaction)."""
    env = client_env(database)
    return psycopg.connect(
        host=env["PGHOST"],
        port=env["PGPORT"],
        user=env["PGUSER"],
        password=env["PGPASSWORD"],
        dbname=database,
        autocommit=autocommit,
    )


IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_$-]{0,62}$")


def check_database_name(name: str) -> str:
    if not IDENTIFIER.match(name):
        raise PostgresError(f"“{name}” is not a database name (letters, digits, _ and -, at most 63)")
    return name


def database_exists(name: str) -> bool:
    with server_connection() as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def user_relation_count(name: str) -> int:
    """Tables, views and sequences outside PostgreSQL's own schemas: 0 for a database fresh from a template."""
    with server_connection(name) as conn:
        (count,) = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%' "
            # Extensions' own tables (pg_stat_statements' view) come with the template.
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"
        ).fetchone()
    return count


def create_database(name: str) -> None:
    with server_connection() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(check_database_name(name))))


def drop_database(name: str) -> None:
    """Drop it, ending the sessions still connected to it."""
    with server_connection() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
