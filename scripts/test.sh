#!/usr/bin/env bash
# The whole test run: static checks, then the full suite on SQLite and again on a throwaway PostgreSQL 15.
# pytest runs in PYTEST_WORKERS processes (pytest-xdist; default 2, one per core; 0 runs in this process).
# Arguments go to both pytest runs. The time of each phase and the total are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=caseloadwijzer.conf.test
WORKERS=${PYTEST_WORKERS:-2}

TIMES=()
START=$(date +%s.%N)
phase() {  # phase NAME COMMAND...: run COMMAND, remember how long it took
  local name=$1 t0 status=0
  shift
  echo "== $name"
  t0=$(date +%s.%N)
  "$@" || status=$?
  TIMES+=("$(awk -v a="$t0" -v b="$(date +%s.%N)" -v n="$name" 'BEGIN { printf "%7.1f s  %s", b - a, n }')")
  return $status
}
report_times() {
  echo "== time per phase"
  printf '%s\n' "${TIMES[@]}"
  awk -v a="$START" -v b="$(date +%s.%N)" 'BEGIN { printf "%7.1f s  total\n", b - a }'
}
trap report_times EXIT

deploy_check() {
  DJANGO_SETTINGS_MODULE=caseloadwijzer.conf.production SECRET_KEY="ci-$(head -c 48 /dev/urandom | base64)" \
    ALLOWED_HOSTS=caseloadwijzer.example.nl $BIN/python manage.py check --deploy --fail-level WARNING
}

phase "ruff" $BIN/ruff check .
phase "mypy (django-stubs): the calculation core --strict, every app and the project package" $BIN/mypy
phase "migrations are complete" $BIN/python manage.py makemigrations --check --dry-run
phase "manage.py check --deploy with production settings" deploy_check

rm -f .axe-report.jsonl
phase "test suite on SQLite ($WORKERS workers)" $BIN/pytest -n "$WORKERS" "$@"
sqlite_pages=$(if [ -f .axe-report.jsonl ]; then wc -l < .axe-report.jsonl; else echo 0; fi)

phase "test suite on PostgreSQL 15 ($WORKERS workers)" bash scripts/with-postgres.sh $BIN/pytest -n "$WORKERS" "$@"

$BIN/python scripts/axe_summary.py .axe-report.jsonl
echo "== all tests passed on SQLite and PostgreSQL (axe-core checks on SQLite run: $sqlite_pages)"
