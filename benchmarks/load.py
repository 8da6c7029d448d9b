"""Throughput over HTTP: gunicorn with the production settings on loopback, wrk against each page
(a rotating list of realistic addresses per page), each next to the ceiling measured in the same
run, bench/ping, the cheapest Django response under the same server and middleware."""

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
from urllib.parse import quote

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


def page_paths(samples):
    """{page: [paths]}: addresses a crowd of shoppers and client programs would request."""
    from apps.catalog.models import Category

    categories = list(
        Category.objects.filter(is_active=True, products__is_active=True).values_list("slug", flat=True).distinct()
    )
    products = samples.product_slugs[:200]
    terms = [samples.search_term() for _ in range(200)]
    return {
        "ceiling: bench/ping": ["/bench/ping"],
        "storefront category page": [f"/c/{slug}/" for slug in categories],
        "storefront product page": [f"/p/{slug}/" for slug in products],
        "storefront search page": [f"/search/?q={quote(term)}" for term in terms],
        "API product list": ["/api/v1/products/"] + [f"/api/v1/products/?search={quote(term)}" for term in terms[:50]],
        "API product detail": [f"/api/v1/products/{slug}/" for slug in products],
    }


def _lua_script(paths):
    quoted = ",\n".join('"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"' for path in paths)
    return (
        f"local paths = {{\n{quoted}\n}}\nlocal counter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format(nil, paths[(counter % #paths) + 1])\nend\n"
    )


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)")
WRK_SOCKET_ERRORS = re.compile(r"Socket errors: (.*)")
WRK_PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk, base, paths, *, lua=None):
    """wrk over `paths` in turn (or as the Lua script `lua` chooses them)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua or _lua_script(paths))
    try:
        command = [wrk, f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION_S}s", "--latency", "-s", script.name, base]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)
    errors = WRK_ERRORS.search(output)
    socket_errors = WRK_SOCKET_ERRORS.search(output)
    return {
        "requests_per_second": float(WRK_RATE.search(output)[1]),
        "latency_ms": {f"p{p}": round(float(v) * UNIT_MS[unit], 2) for p, v, unit in WRK_PERCENTILE.findall(output)},
        "non_2xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }


def run_all(samples):
    """Requests per second of every page present, each as a share of the ceiling of the same run."""
    wrk = ensure_wrk()
    pages = page_paths(samples)
    results = {}
    with gunicorn_server() as base:
        for page, paths in pages.items():
            status = _status(base + paths[0])
            if status != 200:
                results[page] = {"skipped": f"GET {paths[0]} answered {status}", "paths": len(paths)}
                continue
            print(f"  {page} ({len(paths)} addresses, {DURATION_S} s)...", flush=True)
            results[page] = {"paths": len(paths), "example": paths[0], **run_wrk(wrk, base, paths)}
    ceiling = results["ceiling: bench/ping"]["requests_per_second"]
    for result in results.values():
        if "requests_per_second" in result:
            result["share_of_ceiling"] = round(result["requests_per_second"] / ceiling, 3)
    return {
        "server": f"gunicorn {' '.join(GUNICORN)}, benchmarks.settings (production, DEBUG off)",
        "load": f"wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION_S}s on 127.0.0.1",
        "pages": results,
    }
