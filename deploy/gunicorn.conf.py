"""gunicorn for ShopFlow: `gunicorn -c deploy/gunicorn.conf.py shopflow.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), which the systemd unit, the
compose file and scripts/deploy_local.sh set. `kill -HUP <master>` reloads gracefully: the master
re-reads this file and replaces the workers one by one, letting each finish its requests first.
"""

import multiprocessing
import os

cores = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Processes for the CPU, threads for the time a request waits on PostgreSQL or Redis. Each thread
# keeps its own database connection (CONN_MAX_AGE): workers x threads connections per machine,
# the figure docs/scaling.md budgets against max_connections or PgBouncer.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * cores + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# Requests waiting for a free thread beyond this are refused rather than queued without end.
backlog = int(os.environ.get("GUNICORN_BACKLOG", 256))

# A request slower than this is killed (nginx gives up at proxy_read_timeout, a little later).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# On reload or stop, a worker gets this long to finish the requests it has.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", 30))
# nginx keeps its upstream connections open (keepalive in the upstream block).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Workers are replaced after this many requests, the jitter keeping them from all going at once:
# a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", 200))

# The application is imported by each worker, not the master: a HUP then loads new code.
preload_app = False

# nginx on this machine is the only peer whose X-Forwarded-Proto is believed for wsgi.url_scheme.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# gunicornc's control socket, only where asked for: its default path is one per user, which two
# gunicorns on a machine would fight over.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The forwarded chain next to the peer (nginx), and the time taken in milliseconds.
access_log_format = '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
proc_name = "shopflow-web"
