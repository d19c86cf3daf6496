#!/usr/bin/env bash
# Serve the platform on 127.0.0.1:8000 with a background-task worker beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY manage.py demo_accounts
$PY manage.py db_worker --interval 1 >var/worker.log 2>&1 &
WORKER=$!
# Overdue residents' requests go up to the township: at start and every hour (a request is escalated once).
(while true; do $PY manage.py escalate_requests >>var/escalate.log 2>&1 || true; sleep 3600; done) &
ESCALATE=$!
trap 'kill $WORKER $ESCALATE 2>/dev/null || true' EXIT INT TERM
echo "平台地址: http://127.0.0.1:8000  (后台任务日志: var/worker.log)"
.venv/bin/gunicorn config.wsgi:application --bind 127.0.0.1:8000 --workers 3 --access-logfile - --log-level warning
