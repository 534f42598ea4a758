"""gunicorn settings for SafeReport: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Access lines carry method, path, status, size and duration only. No client
address, no user agent, no referrer: the portal's users must not be traceable
through our logs (DESIGN.md §3.8). Paths are written with their secrets (a
one-time invitation token) redacted, and the logger class gives the format no
other field to print even if someone adds one (safereport.core.logging,
docs/adr/0022). Error logs go to stderr, redacted the same way.
"""

import os

bind = os.environ.get("SAFEREPORT_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("SAFEREPORT_WORKERS", "4"))
# Sync workers by default: one request at a time per process, the model every
# test runs under. More than one thread makes gunicorn use gthread workers: a
# request waiting for an Argon2 slot (ADR 0032 §5) then holds a thread, not the
# whole process, and the process's other threads keep answering pages
# (argon2-cffi releases the GIL while it hashes); the sample deployment runs
# 2 processes × 4 threads. For kept pages alone gthread with keep-alive measured
# no better on a shared machine (docs/benchmarks.md, bench/static.py).
worker_class = os.environ.get("SAFEREPORT_WORKER_CLASS", "sync")
threads = int(os.environ.get("SAFEREPORT_THREADS", "1"))
keepalive = int(os.environ.get("SAFEREPORT_KEEPALIVE", "5"))  # seconds; sync workers close anyway
accesslog = "-"
# %(r)s is the request line without host or client; never add %(h)s, %(a)s, %(f)s or %({...}i)s.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "safereport.core.logging.AccessLogger"
errorlog = "-"
loglevel = "warning"
forwarded_allow_ips = os.environ.get("SAFEREPORT_PROXY_IPS", "127.0.0.1")
# Bodies can be large only for messages (5,000 characters); refuse anything absurd early.
limit_request_line = 4094
limit_request_fields = 60
