"""Latency of the health endpoints (issue 19: /healthz "answers in under 50 ms", also degraded).

    python benchmarks/health.py [--runs 1000]

Starts gunicorn as deployed (deploy/gunicorn.conf.py, gthread, the benchmark's production
settings) against the database of .env (migrated first) and a redis-server of its own, then times
/healthz and /healthz/ready over HTTP on a kept-alive connection: with Redis up, frozen (SIGSTOP)
and stopped. No worker or beat runs, so readiness reads heartbeats that are missing: the same
queries as when they are there. Writes benchmarks/results/health-<date>.json and .md.
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.environment import PYTHON, RESULTS, ROOT, bench_environ  # noqa: E402

TARGET_MS = 50
# A frozen Redis costs readiness its socket timeout on every call: fewer runs say as much.
FROZEN_READY_RUNS = 40


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_database_url():
    """DATABASE_URL of the environment or .env (not the bench database: health needs no data)."""
    env_file = ROOT / ".env"
    pairs = dict(
        line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line and not line.startswith("#")
    )
    return os.environ.get("DATABASE_URL") or pairs["DATABASE_URL"]


def wait_until(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.1)


def answers(url):
    try:
        return requests.get(url, timeout=1).status_code == 200
    except requests.RequestException:
        return False


@contextmanager
def running(command, **options):
    process = subprocess.Popen(command, **options)
    try:
        yield process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)  # a frozen server cannot stop
            process.terminate()
            process.wait(timeout=30)


def timed(session, url, runs):
    for _ in range(min(20, runs)):  # warm-up: connections, imports, plans
        session.get(url, timeout=10)
    times, statuses = [], set()
    for _ in range(runs):
        started = time.perf_counter()
        response = session.get(url, timeout=10)
        times.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    times.sort()
    return {
        "runs": runs,
        "statuses": sorted(statuses),
        "p50_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[max(0, int(len(times) * 0.99) - 1)], 2),
        "max_ms": round(times[-1], 2),
    }


def measure(runs):
    environ = {**bench_environ(), "DATABASE_URL": project_database_url()}
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=environ, check=True)
    redis_port, web_port = free_port(), free_port()
    environ |= {
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESS_LOG": os.devnull,
        # No recycling in the middle of a series: the one worker's restart would be timed as a request.
        "GUNICORN_MAX_REQUESTS": "0",
    }
    redis_command = ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"]
    gunicorn = [str(Path(PYTHON).parent / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "shopflow.wsgi"]
    base = f"http://127.0.0.1:{web_port}"
    results = {}
    with (
        running(redis_command, stdout=subprocess.DEVNULL) as redis_server,
        running(gunicorn, cwd=ROOT, env=environ, stderr=subprocess.DEVNULL),
    ):
        wait_until(lambda: answers(f"{base}/healthz"), "gunicorn")
        session = requests.Session()
        session.trust_env = False
        for path in ("/healthz", "/healthz/ready"):
            results[f"{path}, Redis up"] = timed(session, base + path, runs)
        os.kill(redis_server.pid, signal.SIGSTOP)
        try:
            results["/healthz, Redis frozen"] = timed(session, f"{base}/healthz", runs)
            results["/healthz/ready, Redis frozen"] = timed(session, f"{base}/healthz/ready", FROZEN_READY_RUNS)
        finally:
            os.kill(redis_server.pid, signal.SIGCONT)
        redis_server.terminate()
        redis_server.wait(timeout=10)
        for path in ("/healthz", "/healthz/ready"):
            results[f"{path}, Redis stopped"] = timed(session, base + path, runs)
    return results


def markdown(data):
    meta = data["meta"]
    lines = [
        f"# Health endpoints ({meta['date']})",
        "",
        f"gunicorn gthread, 1 worker x 4 threads, production settings, plain HTTP on loopback, one kept-alive "
        f"connection, sequential requests. Load average at start: {meta['load']}. Command: `{meta['command']}`.",
        "",
        "| what | runs | statuses | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in data["results"].items():
        statuses = "/".join(map(str, row["statuses"]))
        lines.append(f"| {name} | {row['runs']} | {statuses} | {row['p50_ms']} | {row['p99_ms']} | {row['max_ms']} |")
    liveness = [row for name, row in data["results"].items() if name.startswith("/healthz,")]
    verdict = "met" if all(row["p99_ms"] < TARGET_MS for row in liveness) else "missed"
    lines += [
        "",
        f"/healthz p99 under {TARGET_MS} ms in every case: **{verdict}**. Readiness with Redis frozen waits "
        "on one PING's socket timeout (HEALTH_CHECK_TIMEOUT, 0.25 s): the broker and the cache share a server.",
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000)
    args = parser.parse_args()
    data = {
        "meta": {
            "date": date.today().isoformat(),
            "load": ", ".join(f"{value:.1f}" for value in os.getloadavg()),
            "command": " ".join(["python", "benchmarks/health.py", *sys.argv[1:]]),
        },
        "results": measure(args.runs),
    }
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / f"health-{date.today():%Y%m%d}"
    stem.with_suffix(".json").write_text(json.dumps(data, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown(data))
    print(markdown(data))


if __name__ == "__main__":
    main()
