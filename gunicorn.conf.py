"""gunicorn settings for `make serve`: several worker processes, one of them running the timers.

Every worker is a whole Layang app on LAYANG_DATABASE_URL; all state lives in the database and the
blob store, so any worker can answer any request. The due-date timers must run in exactly one
process: the workers start with LAYANG_RUN_TIMERS off, and after loading the app each worker tries
a non-blocking lock on a file named after the database (in the temporary directory). The one that
gets it runs the scheduler; the lock dies with that process, and gunicorn's replacement worker
takes it over when it starts.

Seam: that lock makes the timers single per machine. Across machines sharing one database, the
scheduler lease in the database (issue 12) decides; `start_timers` is the one place to call it from.
"""

import fcntl
import hashlib
import os
import tempfile

bind = f"127.0.0.1:{os.environ.get('LAYANG_PORT', '8000')}"
workers = int(os.environ.get("LAYANG_WORKERS") or 2 * (os.cpu_count() or 1))
wsgi_app = "wsgi:app"
worker_class = "sync"
timeout = 60
graceful_timeout = 20
accesslog = os.environ.get("LAYANG_ACCESS_LOG")  # unset: no access log (it costs time per request)
errorlog = "-"
loglevel = os.environ.get("LAYANG_LOG_LEVEL", "info")
# Workers must not each start the timers at create_app(); post_worker_init picks one of them.
raw_env = ["LAYANG_RUN_TIMERS=0"]
os.environ["LAYANG_RUN_TIMERS"] = "0"

_timer_lock = None  # the open lock file of the worker that runs the timers (kept open on purpose)


def post_worker_init(worker):
    """After a worker loaded the app: run the timers here if no other worker of this server does."""
    start_timers(worker)


def start_timers(worker) -> None:
    """Take the per-server timer lock without waiting; the holder starts the scheduler."""
    global _timer_lock
    app = worker.wsgi
    database = hashlib.sha256(app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:16]
    path = os.path.join(tempfile.gettempdir(), f"layang-timers-{database}.lock")
    handle = open(path, "a+")  # noqa: SIM115  (held for the life of the process)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return
    _timer_lock = handle
    from app.services.scheduler import start_scheduler

    start_scheduler(app)
    worker.log.info("Timers run in worker %s", os.getpid())
