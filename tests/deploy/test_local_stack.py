"""The production stack of `make deploy-local` (nginx, gunicorn, Celery worker and beat, production
settings) booted on free ports against the test database, and checked over HTTPS on 127.0.0.1."""

import os
import re
import socket
import ssl
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connections
from django_celery_beat.models import PeriodicTasks

from apps.accounts.models import SecurityEvent
from tests.conftest import ROOT
from tests.factories import create_staff

PASSWORD = "correct horse battery"
# Kept between runs: collectstatic then only copies what changed, and the certificate stays.
STATE = ROOT / ".local/deploy-test"
SCRIPT = ROOT / "scripts/deploy_local.sh"


@dataclass(frozen=True)
class Stack:
    https: str
    http: str
    cert: Path

    def session(self):
        session = requests.Session()
        # Neither the machine's proxies nor its CA bundle (REQUESTS_CA_BUNDLE would win over verify).
        session.trust_env = False
        session.verify = str(self.cert)
        return session


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connections["default"].settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture(scope="module")
def stack_env(django_db_setup):
    https_port, http_port, app_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DEPLOY_STATE": str(STATE),
        "DEPLOY_HTTPS_PORT": str(https_port),
        "DEPLOY_HTTP_PORT": str(http_port),
        "DEPLOY_APP_PORT": str(app_port),
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        # Small, so that it boots fast on a shared machine.
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
        "CELERY_CONCURRENCY": "1",
    }
    return env


@pytest.fixture(scope="module")
def stack(stack_env):
    env = stack_env
    https_port, http_port = env["DEPLOY_HTTPS_PORT"], env["DEPLOY_HTTP_PORT"]
    started = subprocess.run([SCRIPT, "start"], env=env, capture_output=True, text=True, timeout=300)
    try:
        if started.returncode:
            pytest.fail(f"make deploy-local failed:\n{started.stdout}{started.stderr}")
        yield Stack(f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", STATE / "tls/cert.pem")
    finally:
        subprocess.run([SCRIPT, "stop"], env=env, capture_output=True, timeout=120)


pytestmark = pytest.mark.deploy


# The stack writes through its own connections: only committed rows are visible to both sides.
@pytest.mark.django_db(transaction=True)
def test_storefront_admin_and_api_answer_over_https(stack):
    staff = create_staff("ops@example.com", password=PASSWORD, is_superuser=True)
    web = stack.session()

    home = web.get(f"{stack.https}/")
    assert home.status_code == 200 and "<title>" in home.text

    api = web.get(f"{stack.https}/api/v1/")
    assert api.status_code == 200
    assert api.json()["products"] == f"{stack.https}/api/v1/products/", "Django knows it is served over HTTPS"

    login = web.get(f"{stack.https}/admin/login/")
    assert login.status_code == 200 and web.cookies["csrftoken"]
    signed_in = web.post(
        f"{stack.https}/admin/login/?next=/admin/",
        data={"username": staff.email, "password": PASSWORD, "csrfmiddlewaretoken": web.cookies["csrftoken"]},
        headers={"Referer": f"{stack.https}/admin/login/"},
    )
    assert signed_in.status_code == 200 and signed_in.url == f"{stack.https}/admin/"
    assert "ShopFlow operations" in signed_in.text  # the console's dashboard


def test_plain_http_is_redirected_to_https(stack):
    response = stack.session().get(f"{stack.http}/cart/?step=1", allow_redirects=False, timeout=10)

    assert response.status_code == 301
    assert response.headers["Location"] == f"{stack.https}/cart/?step=1"


def test_pages_carry_the_security_headers(stack):
    web = stack.session()
    response = web.get(f"{stack.https}/admin/login/")

    assert response.headers["Strict-Transport-Security"] == "max-age=86400; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Server"] == "nginx", "no version given away"
    csrf_cookie = next(cookie for cookie in web.cookies if cookie.name == "csrftoken")
    assert csrf_cookie.secure


def test_static_files_have_hashed_names_far_future_caching_and_gzip(stack):
    web = stack.session()
    stylesheet = re.search(r'href="(/static/css/shop\.[0-9a-f]{12}\.css)"', web.get(f"{stack.https}/").text)
    assert stylesheet, "the page links the hashed name"

    hashed = web.get(f"{stack.https}{stylesheet[1]}", headers={"Accept-Encoding": "gzip"})
    assert hashed.status_code == 200
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashed.headers["Content-Encoding"] == "gzip"
    assert hashed.headers["Content-Type"] == "text/css"

    plain = web.get(f"{stack.https}/static/css/shop.css")
    assert plain.headers["Cache-Control"] == "public, max-age=3600"


@pytest.mark.django_db(transaction=True)
def test_django_sees_the_client_address_not_a_forged_forwarded_for(stack):
    response = stack.session().post(
        f"{stack.https}/api/v1/auth/login/",
        json={"email": "nobody@example.com", "password": "wrong"},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )

    assert response.status_code == 401
    event = SecurityEvent.objects.get(email="nobody@example.com")
    assert (event.kind, event.ip_address) == (SecurityEvent.Kind.LOGIN_FAILED, "127.0.0.1")


def test_liveness_answers_through_nginx(stack):
    response = stack.session().get(f"{stack.https}/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": {"state": "ok"}}}


# transaction=True: beat and the worker write heartbeats through their own connections.
@pytest.mark.django_db(transaction=True)
def test_readiness_shows_beat_and_a_worker_on_every_queue(stack, periodic_tasks):
    """The schedule (seeded again: earlier tests emptied the tables) makes beat send each queue's
    heartbeat task; the stack's worker consumes every queue. Generous: the one worker process first
    runs the other tasks the new rows make due, and a heartbeat it reaches after a minute expired."""
    web = stack.session()
    deadline = time.monotonic() + 180
    while (ready := web.get(f"{stack.https}/healthz/ready")).json()["status"] != "ok":
        assert time.monotonic() < deadline, ready.json()
        # django-celery-beat misses the first change after its change marker was emptied (it
        # compares against the marker it saw, None): mark the schedule changed again.
        PeriodicTasks.update_changed()
        time.sleep(5)

    checks = ready.json()["checks"]
    assert checks["beat"]["state"] == "ok"
    assert {queue: check["state"] for queue, check in checks["queues"].items()} == dict.fromkeys(
        ("celery", "checkout", "notifications", "reports", "backups"), "ok"
    )
    assert {check["source"] for check in checks["queues"].values()} == {f"deploy-local@{socket.gethostname()}"}
    beat = int((STATE / "beat.pid").read_text())
    os.kill(beat, 0)  # raises if beat is not running


def test_a_graceful_reload_serves_every_request_meanwhile(stack, stack_env):
    web = stack.session()
    master = int((STATE / "gunicorn.pid").read_text())
    reload = subprocess.Popen([SCRIPT, "reload"], env=stack_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    statuses = []
    while reload.poll() is None:
        statuses.append(web.get(f"{stack.https}/api/v1/").status_code)
    statuses.append(web.get(f"{stack.https}/api/v1/").status_code)

    assert reload.returncode == 0, reload.stderr.read().decode()
    assert set(statuses) == {200}, f"{len(statuses)} requests during the reload"
    assert int((STATE / "gunicorn.pid").read_text()) == master, "the same master, new workers"


STALLED_CLIENTS = 10
# Half stop in the middle of their headers, half in the middle of a body they announced.
STALLED_REQUESTS = (
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: stalled\r\nX-Slow: ",
    b"POST /api/v1/auth/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b'Content-Length: 4096\r\n\r\n{"email": "',
)


def stall(port, cert, request):
    """A TLS connection to nginx that sends part of a request, then nothing."""
    context = ssl.create_default_context(cafile=str(cert))
    connection = context.wrap_socket(
        socket.create_connection(("127.0.0.1", port), timeout=5), server_hostname="localhost"
    )
    connection.sendall(request)
    return connection


def normal_request_seconds(web, url, times=5):
    """The median time of a normal request, each on a new connection."""
    durations = []
    for _ in range(times):
        started = time.monotonic()
        response = web.get(url, headers={"Connection": "close"}, timeout=30)
        durations.append(time.monotonic() - started)
        assert response.status_code == 200
    return statistics.median(durations)


def test_ten_stalled_clients_do_not_delay_a_normal_request(stack, stack_env):
    """nginx holds the stalled requests (buffering, client timeouts); gunicorn's four threads
    (2 workers x 2) never see them, so a normal request is served as fast as without them."""
    web = stack.session()
    url = f"{stack.https}/api/v1/"
    alone = normal_request_seconds(web, url)

    stalled = [
        stall(int(stack_env["DEPLOY_HTTPS_PORT"]), stack.cert, STALLED_REQUESTS[index % 2])
        for index in range(STALLED_CLIENTS)
    ]
    try:
        time.sleep(0.5)  # let every partial request reach nginx
        beside_stalled = normal_request_seconds(web, url)
    finally:
        for connection in stalled:
            connection.close()

    assert beside_stalled - alone < 1.0, f"{alone:.3f} s alone, {beside_stalled:.3f} s beside {STALLED_CLIENTS} stalled"
