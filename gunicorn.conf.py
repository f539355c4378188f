"""gunicorn settings, read from the environment: `gunicorn -c gunicorn.conf.py` (the app is set below).

GUNICORN_BIND     address:port to listen on            127.0.0.1:8000 (behind a proxy on the same host)
GUNICORN_WORKERS  worker processes                     2 (one per core is plenty; PDFs and imports are the heavy pages)
GUNICORN_THREADS  threads per worker (gthread worker)  4
GUNICORN_TIMEOUT  seconds before a silent worker is restarted, and the graceful stop  60

Access log to stdout, errors to stderr, so the service manager or container collects both.
"""

import os

# One BLAS thread per worker thread: NumPy's default of one per core makes the workers fight over the cores
# (a forecast took 10x longer in the test suite before its settings did the same). Set before NumPy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

wsgi_app = "caseloadwijzer.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = timeout
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's control socket lives at one path per user (~/.gunicorn/gunicorn.ctl): two servers on one
# machine would fight over it, and nothing here uses it.
control_socket_disable = True
