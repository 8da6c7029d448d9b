"""scripts/services.sh on a machine where PostgreSQL and Redis are not installed.

Each test runs the real script in a sandbox: PATH holds the machine's commands minus redis-server,
PostgreSQL's binaries and apt-get; a fake apt-get "installs" a package by linking the machine's real
binaries into the sandbox's bin folder. Data, logs and the written URLs stay in the test's tmp folder,
on ports of its own.
"""

import os
import shutil
import signal
import socket
import subprocess
from pathlib import Path

import pytest
import redis

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"
REDIS_SERVER = shutil.which("redis-server")


def real_pg_ctl():
    """The machine's pg_ctl, where Debian puts it or else wherever PATH leads (Homebrew)."""
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True)
    on_path = shutil.which("pg_ctl")
    return debian[0] if debian else Path(on_path).resolve() if on_path else None


PG_CTL = real_pg_ctl()
HIDDEN = {"apt-get", "apt", "redis-server", "pg_ctl", "initdb", "psql", "postgres", "postmaster"}

pytestmark = pytest.mark.skipif(
    REDIS_SERVER is None or PG_CTL is None, reason="needs redis-server and PostgreSQL's binaries to link in"
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port):
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def is_root():
    return os.geteuid() == 0


def fake_apt_get(bin_dir, log):
    """A shell script that records its arguments and links the real binaries of the packages it is asked for."""
    pg_dir = PG_CTL.parent
    return f"""#!/bin/bash
echo "$*" >>{log}
for package in "$@"; do
    echo "Setting up $package ..."  # apt-get talks on standard output; the script must keep it off its own
    case "$package" in
        redis-server) ln -sf {REDIS_SERVER} {bin_dir}/redis-server ;;
        postgresql) ln -sf {pg_dir}/* {bin_dir}/ ;;
    esac
done
"""


def system_commands(folder):
    """A folder linking every command on PATH except the ones this machine must seem to lack."""
    folder.mkdir()
    dirs = os.environ["PATH"].split(os.pathsep) + ["/usr/sbin", "/sbin"]
    hidden = HIDDEN | {path.name for path in PG_CTL.parent.iterdir()}
    for directory in map(Path, dirs):
        if not directory.is_dir():
            continue
        for command in directory.iterdir():
            target = folder / command.name
            if command.name in hidden or command.name.startswith(("redis-", "pg_")) or target.exists():
                continue
            if os.access(command, os.X_OK) and not command.is_dir():
                target.symlink_to(command)
    return folder


class Sandbox:
    def __init__(self, root):
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        self.state = root / "state"
        self.env_file = root / "env"
        self.apt_log = root / "apt-get.log"
        apt_get = self.bin / "apt-get"
        apt_get.write_text(fake_apt_get(self.bin, self.apt_log))
        apt_get.chmod(0o755)
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.env = {
            "PATH": f"{self.bin}:{system_commands(root / 'system')}",
            "HOME": str(root),
            "LANG": "C.UTF-8",
            "SHOPFLOW_STATE_DIR": str(self.state),
            "SHOPFLOW_ENV_FILE": str(self.env_file),
            "SHOPFLOW_PG_BINDIRS": str(self.bin),
            "SHOPFLOW_PG_PORT": str(self.pg_port),
            "SHOPFLOW_REDIS_PORT": str(self.redis_port),
        }

    def run(self, command, user=None, **env):
        return subprocess.run(
            ["bash", str(SCRIPT), command],
            env=self.env | env,
            capture_output=True,
            text=True,
            timeout=180,
            user=user,
            group="nogroup" if user else None,
            extra_groups=[] if user else None,
        )

    def install_as_the_user_was_told(self):
        """What a normal user does after the script's message: the packages are there."""
        subprocess.run([str(self.bin / "apt-get"), "install", "postgresql", "redis-server"], check=True)
        self.apt_log.unlink()

    def apt_get_calls(self):
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []

    def our_processes(self):
        """Processes started from the sandbox: PostgreSQL names its data folder, Redis its port."""
        found = []
        for proc in Path("/proc").glob("[0-9]*"):
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:  # the process ended meanwhile
                continue
            if str(self.state) in cmdline or f"127.0.0.1:{self.redis_port}" in cmdline:
                found.append(cmdline)
        return found

    def clean_up(self):
        self.run("stop")
        pid_file = self.state / "redis" / "redis.pid"
        if pid_file.exists():  # a test that failed halfway must not leave a Redis behind
            os.kill(int(pid_file.read_text()), signal.SIGTERM)


@pytest.fixture
def sandbox(tmp_path):
    box = Sandbox(tmp_path)
    if not is_root():
        box.install_as_the_user_was_told()
    yield box
    box.clean_up()


def test_start_installs_both_services_and_stop_leaves_nothing_running(sandbox):
    assert not sandbox.our_processes()

    started = sandbox.run("start")

    assert started.returncode == 0, started.stderr
    assert started.stdout == ""
    if is_root():
        assert sandbox.apt_get_calls() == [
            "install -y -qq postgresql postgresql-contrib",
            "install -y -qq redis-server",
        ]
        assert "[services] installing Debian packages: redis-server" in started.stderr
    assert sandbox.env_file.read_text() == (
        f"DATABASE_URL=postgres://shopflow:shopflow@127.0.0.1:{sandbox.pg_port}/shopflow\n"
        f"REDIS_URL=redis://127.0.0.1:{sandbox.redis_port}/0\n"
    )
    status = sandbox.run("status")
    assert status.stdout == (
        f"PostgreSQL: running on 127.0.0.1:{sandbox.pg_port}\nRedis: running on 127.0.0.1:{sandbox.redis_port}\n"
    )

    again = sandbox.run("start")

    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert f"PostgreSQL already running on 127.0.0.1:{sandbox.pg_port}" in again.stderr
    assert f"Redis already running on 127.0.0.1:{sandbox.redis_port}" in again.stderr
    assert len(sandbox.apt_get_calls()) == (2 if is_root() else 0)
    assert sandbox.env_file.read_text().count("\n") == 2

    stopped = sandbox.run("stop")

    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout == ""
    assert sandbox.run("status").stdout == "PostgreSQL: stopped\nRedis: stopped\n"
    assert sandbox.our_processes() == []
    assert not port_open(sandbox.pg_port)
    assert not port_open(sandbox.redis_port)


@pytest.mark.parametrize(
    ("service", "port_variable", "other_service_external"),
    [
        ("PostgreSQL", "SHOPFLOW_PG_PORT", {"REDIS_URL": "redis://r.example:6379/0"}),
        ("Redis", "SHOPFLOW_REDIS_PORT", {"DATABASE_URL": "postgres://a:b@db.example:5432/shop"}),
    ],
)
def test_a_port_another_program_holds_gets_a_clear_message(sandbox, service, port_variable, other_service_external):
    port = int(sandbox.env[port_variable])
    with socket.create_server(("127.0.0.1", port)):
        started = sandbox.run("start", **other_service_external)

    assert started.returncode == 1
    assert started.stdout == ""
    assert started.stderr.splitlines()[-1] == (
        f"[services] error: 127.0.0.1:{port} is already in use by another program, so {service} cannot start "
        f"there. Stop that program or choose a free port: {port_variable}=<port> make ..."
    )
    assert sandbox.our_processes() == []


def test_a_service_whose_url_is_set_is_neither_installed_nor_started(sandbox):
    started = sandbox.run("start", DATABASE_URL="postgres://a:b@db.example:5432/shop", REDIS_URL="redis://r:6379/0")

    assert started.returncode == 0, started.stderr
    assert started.stderr == (
        "[services] DATABASE_URL is set: using the external PostgreSQL\n"
        "[services] REDIS_URL is set: using the external Redis\n"
    )
    assert sandbox.apt_get_calls() == []
    assert not sandbox.state.exists()
    assert not sandbox.env_file.exists()


def test_a_service_whose_url_is_set_is_not_stopped(sandbox):
    external_db = {"DATABASE_URL": "postgres://a:b@db.example:5432/shop"}
    assert sandbox.run("start", **external_db).returncode == 0
    assert not (sandbox.state / "pgdata").exists()

    sandbox.run("stop", REDIS_URL=f"redis://127.0.0.1:{sandbox.redis_port}/0", **external_db)

    assert port_open(sandbox.redis_port)

    sandbox.run("stop", **external_db)

    assert not port_open(sandbox.redis_port)


@pytest.mark.skipif(not is_root(), reason="the test runner is a normal user already: its runs cover this path")
def test_a_normal_user_without_postgresql_is_told_exactly_what_to_install(sandbox):
    for folder in (sandbox.root, *sandbox.root.parents):  # let the user reach the sandbox's commands
        folder.chmod(folder.stat().st_mode | 0o001)

    started = sandbox.run("start", user="nobody")

    assert started.returncode == 1
    assert started.stdout == ""
    assert started.stderr == (
        "[services] error: PostgreSQL is not installed. Install it (Debian/Ubuntu: sudo apt-get install "
        "postgresql postgresql-contrib; macOS: brew install postgresql@15) or set DATABASE_URL to a server you have.\n"
    )
    assert sandbox.apt_get_calls() == []


def test_redis_keeps_the_queued_tasks_across_a_restart(sandbox):
    """Append-only file on: a task waiting in the queue when Redis stops is there when it starts."""
    external_db = {"DATABASE_URL": "postgres://a:b@db.example:5432/shop"}
    assert sandbox.run("start", **external_db).returncode == 0
    client = redis.Redis(port=sandbox.redis_port)
    assert client.config_get("appendonly") == {"appendonly": "yes"}
    client.lpush("notifications", "send the order confirmation")
    client.close()

    sandbox.run("stop", **external_db)
    assert sandbox.run("start", **external_db).returncode == 0

    assert redis.Redis(port=sandbox.redis_port).lrange("notifications", 0, -1) == [b"send the order confirmation"]
