"""A redis-server of a test's own, to stop and freeze mid-test without touching the shared one."""

import os
import signal
import socket
import subprocess
import time

import pytest
import redis

from shopflow.celery import app as celery_app


class PrivateRedis:
    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory, self.process = directory, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                redis.Redis(port=self.port, socket_timeout=0.2).ping()
                return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        """Stops the server; a second call (the fixture's, after a test stopped it) does nothing."""
        if self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGCONT)
        self.process.terminate()
        self.process.wait(timeout=10)

    def freeze(self):
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.kill(self.process.pid, signal.SIGCONT)

    def queued_messages(self):
        """Mails waiting on the broker (notifications.* tasks go to the notifications queue)."""
        return redis.Redis(port=self.port).llen("notifications")


def _forget_broker_connections():
    """Celery keeps its producer pool per app: drop it so the next publish uses broker_url as it is now."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(tmp_path, settings):
    """The cache and the broker on a redis-server of this test's own, the broker really used.
    Whatever the test did to it, the server is thawed and stopped at the end."""
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": server.url}}
    saved = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = server.url, False
    _forget_broker_connections()
    try:
        yield server
    finally:
        # The shared broker comes back first, whatever happens to the private server.
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        _forget_broker_connections()
        server.stop()
