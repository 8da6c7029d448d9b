"""The tools of throughput over HTTP: gunicorn with the bench settings (production) on loopback, and
wrk rotating over a page's addresses; benchmarks.page_cache says which pages and addresses."""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from benchmarks.environment import PYTHON, ROOT, bench_environ

DURATION_S = 10
CONNECTIONS = 16
THREADS = 2
GUNICORN = ["--workers", "3", "--worker-class", "gthread", "--threads", "4", "--keep-alive", "5"]


def ensure_wrk():
    """wrk's path, installing Debian's package first when running as root."""
    if shutil.which("wrk") is None and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
    path = shutil.which("wrk")
    if path is None:
        raise RuntimeError("wrk is missing: install it (sudo apt-get install wrk) and run make bench again.")
    return path


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):  # not up yet, or too busy to say
        return None


@contextmanager
def gunicorn_server():
    """A gunicorn on a free loopback port; yields its base URL and stops it afterwards."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(PYTHON).parent / "gunicorn"), "shopflow.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen([*command, *GUNICORN], cwd=ROOT, env=bench_environ(), stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while _status(f"{base}/bench/ping") != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("gunicorn did not start serving bench/ping within 30 s")
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def lua_strings(paths):
    """The paths as the items of a Lua table."""
    return ",\n".join('"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"' for path in paths)


def rotation_script(paths, *, miss_every=0):
    """wrk Lua: the paths in turn; every `miss_every`-th request (every one with 1) gets a query
    string never seen before, so the cache misses it."""
    return (
        f"local paths = {{\n{lua_strings(paths)}\n}}\nlocal counter = 0\nlocal thread_id = math.random(1, 1000000)\n"
        "request = function()\n  counter = counter + 1\n  local path = paths[(counter % #paths) + 1]\n"
        f"  if {miss_every} > 0 and counter % {miss_every} == 0 then\n"
        '    local glue = string.find(path, "?", 1, true) and "&" or "?"\n'
        '    path = path .. glue .. "fresh=" .. thread_id .. "-" .. counter\n  end\n'
        "  return wrk.format(nil, path)\nend\n"
    )


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)")
WRK_SOCKET_ERRORS = re.compile(r"Socket errors: (.*)")
WRK_PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk, base, paths, *, miss_every=0, script=None):
    """wrk over `paths` in turn, every `miss_every`-th request a cache miss (see rotation_script), or
    driven by the Lua `script` given."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script or rotation_script(paths, miss_every=miss_every))
    try:
        command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION_S}s", "--latency", "-s", lua.name, base]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(lua.name)
    errors = WRK_ERRORS.search(output)
    socket_errors = WRK_SOCKET_ERRORS.search(output)
    return {
        "requests_per_second": float(WRK_RATE.search(output)[1]),
        "latency_ms": {f"p{p}": round(float(v) * UNIT_MS[unit], 2) for p, v, unit in WRK_PERCENTILE.findall(output)},
        "non_2xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }
