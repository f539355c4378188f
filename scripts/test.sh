#!/usr/bin/env bash
# The whole test run: static checks, then the full suite on SQLite and again on a throwaway PostgreSQL 15.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=caseloadwijzer.conf.test

echo "== ruff"
$BIN/ruff check .
echo "== mypy --strict (calculation core)"
$BIN/mypy
echo "== migrations are complete"
$BIN/python manage.py makemigrations --check --dry-run
echo "== manage.py check --deploy with production settings"
DJANGO_SETTINGS_MODULE=caseloadwijzer.conf.production SECRET_KEY="ci-$(head -c 48 /dev/urandom | base64)" \
  ALLOWED_HOSTS=caseloadwijzer.example.nl $BIN/python manage.py check --deploy --fail-level WARNING

rm -f .axe-report.jsonl
echo "== test suite on SQLite"
$BIN/pytest "$@"
sqlite_pages=$(wc -l < .axe-report.jsonl 2>/dev/null || echo 0)

echo "== test suite on PostgreSQL 15"
bash scripts/with-postgres.sh $BIN/pytest "$@"

$BIN/python scripts/axe_summary.py .axe-report.jsonl
echo "== all tests passed on SQLite and PostgreSQL (axe-core checks on SQLite run: $sqlite_pages)"
