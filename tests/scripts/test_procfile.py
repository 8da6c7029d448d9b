"""The Procfile under honcho: when a process dies its name and last lines are shown; Ctrl-C stops all."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HONCHO = Path(sys.executable).parent / "honcho"
LOGGED = ROOT / "scripts" / "logged.py"

# A long-lived process that tells where it is, and one that fails after a few lines.
STEADY = "import os, time; print('serving', os.getpid()); time.sleep(120)"
FAILING = (
    "import sys, time; time.sleep(1); print('connecting to the broker'); "
    "print('Error: connection refused', file=sys.stderr); sys.exit(3)"
)


def procfile(tmp_path, **processes):
    path = tmp_path / "Procfile"
    path.write_text(
        "".join(f'{name}: {LOGGED} {name} {sys.executable} -c "{code}"\n' for name, code in processes.items())
    )
    return path


def honcho(tmp_path, path):
    return subprocess.Popen(
        [HONCHO, "start", "--no-colour", "--env", "/dev/null", "-f", path, "-d", tmp_path],
        env=os.environ | {"SHOPFLOW_LOG_DIR": str(tmp_path / "log")},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def lines_of(output, name):
    """The lines a process printed, without honcho's time and name prefix."""
    split = (line.split(" | ", 1) for line in output.splitlines() if " | " in line)
    return [text for prefix, text in split if prefix.split()[-1] == name]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_project_procfile_runs_web_worker_and_beat_each_under_its_own_name():
    entries = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if ": " in line)
    entries = {name: command for name, command in entries.items() if not name.startswith("#")}

    assert sorted(entries) == ["beat", "web", "worker"]
    for name, command in entries.items():
        assert command.startswith(f"scripts/logged.py {name} ")


def test_a_process_that_dies_is_named_with_its_last_lines_and_the_others_stop(tmp_path):
    run = honcho(tmp_path, procfile(tmp_path, web=STEADY, worker=FAILING))
    output, _ = run.communicate(timeout=60)

    assert run.returncode == 3
    worker = lines_of(output, "worker.1")
    assert worker[-3:] == [
        f"*** worker exited with status 3. Its last 2 lines (whole log: {tmp_path}/log/worker.log):",
        "*** worker | connecting to the broker",
        "*** worker | Error: connection refused",
    ]
    system = lines_of(output, "system")
    assert "worker.1 stopped (rc=3)" in system
    assert any(line.startswith("sending SIGTERM to web.1") for line in system)
    assert not any(line.startswith("***") for line in lines_of(output, "web.1")), "a process told to stop is quiet"
    assert (tmp_path / "log" / "worker.log").read_text() == "connecting to the broker\nError: connection refused\n"
    web_pid = int(lines_of(output, "web.1")[0].split()[1])
    assert not alive(web_pid)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "make-stop"])
def test_ctrl_c_or_make_stop_stops_every_process_quietly(tmp_path, signum):
    run = honcho(tmp_path, procfile(tmp_path, web=STEADY, worker=STEADY))
    log_dir = tmp_path / "log"
    deadline = time.monotonic() + 30
    while not all((log_dir / f"{name}.log").exists() for name in ("web", "worker")):
        assert time.monotonic() < deadline, "the processes did not start"
        time.sleep(0.1)
    time.sleep(0.5)  # both have printed their pid

    run.send_signal(signum)
    output, _ = run.communicate(timeout=30)

    pids = [int(lines_of(output, f"{name}.1")[0].split()[1]) for name in ("web", "worker")]
    assert not any(alive(pid) for pid in pids)
    assert "***" not in output
    assert f"{signal.Signals(signum).name} received" in lines_of(output, "system")
