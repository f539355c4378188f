"""SQLite, the embedded default, holds 50 simultaneous score-sheet submissions without "database is locked".

For real, as `make run` serves it: the `make run` settings (caseloadwijzer.conf.local) on a fresh SQLite
*file* (the WAL journal, the busy timeout and the immediate transactions of conf/base.py act on a file, not
on the in-memory test database), gunicorn with 2 workers of 8 threads on a free loopback port, and 50 guests
in 50 threads, each with its own cookies, who open a round by its code and then send their answers at the
same moment. Before these settings, 48 of 50 ended in a 500 "database is locked".

The same server's log shows the structured logging of production: every line the app writes is one JSON
object, and each request has a line with its id, method, path, status and duration.

Always on a SQLite file: the SQLite settings are what is tested here. So in the suite's PostgreSQL run
(DATABASE_URL, scripts/with-postgres.sh) it is skipped, as it would test the same thing a second time.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import MANAGE, Browser, Response, free_port, gunicorn, log_tail, run, subprocess_env

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="tests SQLite's settings on a SQLite file: already run in the SQLite run of the suite",
)

PEOPLE = 50

SETUP = """
from organisations.models import Organisation, OrganisationKind, Team
from scoresheet import services
from scoresheet.models import ScoringRound

organisation = Organisation.objects.create(
    name="Gelijktijdig", slug="gelijktijdig", kind=OrganisationKind.MUNICIPALITY
)
team = Team.objects.create(organisation=organisation, name="Team Gelijktijdig")
scoring_round = services.round_create(team=team, title="Vijftig tegelijk")
ScoringRound.objects.filter(pk=scoring_round.pk).update(guests=50)
scoring_round = services.round_open(scoring_round=ScoringRound.objects.get(pk=scoring_round.pk))
print(scoring_round.pk, scoring_round.code)
"""


@dataclass
class Server:
    base_url: str
    database: Path
    log: Path
    round_id: int
    code: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("sqlite-concurrency")
    database = tmp / "db.sqlite3"
    env = subprocess_env(
        DJANGO_SETTINGS_MODULE="caseloadwijzer.conf.local",
        DATABASE_URL=f"sqlite:///{database}",
        STATIC_ROOT=str(tmp / "static"),
        GUNICORN_BIND=f"127.0.0.1:{free_port()}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="8",
        GUNICORN_TIMEOUT="60",
    )
    env.pop("LOG_FORMAT", None)
    env.pop("LOG_REQUESTS", None)
    with ThreadPoolExecutor(max_workers=1) as pool:
        collected = pool.submit(run, [*MANAGE, "collectstatic", "--noinput", "--verbosity", "0"], env)
        run([*MANAGE, "migrate", "--noinput", "--verbosity", "0"], env)
        round_id, code = run([*MANAGE, "shell", "-c", SETUP], env).split()[-2:]
        collected.result()
    log = tmp / "gunicorn.log"
    with gunicorn(env, log) as base_url:
        yield Server(base_url, database, log, int(round_id), code)


def _score_form(browser: Browser, code: str) -> dict[str, str]:
    """Open the round as a guest: the score form's fields, every factor scored 3."""
    page = browser.request(f"/scoren/meedoen/?code={code}")
    assert page.status == 200, page.text[:2000]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    factors = sorted(set(re.findall(r'name="(score_\d+)"', page.text)))
    assert token and factors, page.text[:2000]
    return {"csrfmiddlewaretoken": token.group(1), "score_form": "1", **dict.fromkeys(factors, "3")}


def _submit_together(server: Server) -> list[Response | BaseException]:
    browsers = [Browser(server.base_url) for _ in range(PEOPLE)]
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        forms = list(pool.map(lambda b: _score_form(b, server.code), browsers))
    barrier = threading.Barrier(PEOPLE)

    def submit(i: int) -> Response | BaseException:
        barrier.wait(timeout=60)
        try:
            return browsers[i].request(f"/scoren/meedoen/?code={server.code}", data=forms[i])
        except Exception as error:  # reported below, with the others
            return error

    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        return list(pool.map(submit, range(PEOPLE)))


@pytest.fixture(scope="module")
def submitted(server: Server) -> list[Response | BaseException]:
    return _submit_together(server)


def test_fifty_simultaneous_submissions_are_all_stored(server: Server, submitted):
    failed = [
        r if isinstance(r, BaseException) else (r.status, r.text[:300])
        for r in submitted
        if isinstance(r, BaseException) or r.status != 200
    ]
    assert failed == [], f"{len(failed)} of {PEOPLE} failed: {failed[:3]}\n{log_tail(server.log)}"
    assert all('data-testid="saved"' in r.text for r in submitted if isinstance(r, Response))
    with sqlite3.connect(server.database) as db:
        (responses,) = db.execute("SELECT COUNT(*) FROM scoresheet_response WHERE round_id = ?", [server.round_id])
        (answers,) = db.execute(
            "SELECT COUNT(*) FROM scoresheet_answer a JOIN scoresheet_response r ON a.response_id = r.id "
            "WHERE r.round_id = ?",
            [server.round_id],
        )
        (factors,) = db.execute("SELECT COUNT(*) FROM scoresheet_roundfactor WHERE round_id = ?", [server.round_id])
    assert responses == (PEOPLE,)
    assert factors[0] > 0
    assert answers == (PEOPLE * factors[0],)
    assert "database is locked" not in server.log.read_text(errors="replace")


def test_the_database_file_is_in_wal_mode(server: Server):
    with sqlite3.connect(server.database) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_every_app_log_line_is_one_json_object_with_the_request_fields(server: Server, submitted):
    lines = server.log.read_text(errors="replace").splitlines()
    assert not [line for line in lines if line.startswith("Traceback")], log_tail(server.log)
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    posts = [
        e
        for e in entries
        if e["logger"] == "caseloadwijzer.request" and e["method"] == "POST" and e["path"] == "/scoren/meedoen/"
    ]
    assert len(posts) == PEOPLE
    assert {e["status"] for e in posts} == {200}
    assert len({e["request_id"] for e in posts}) == PEOPLE  # one id per request
    assert {e["request_id"] for e in posts} == {r.headers["X-Request-ID"] for r in submitted}  # type: ignore[union-attr]
    for e in posts:
        assert {"time", "level", "logger", "message", "request_id", "user_id", "duration_ms"} <= e.keys()
        assert e["user_id"] is None  # guests
        assert e["level"] == "INFO"
        assert server.code not in json.dumps(e)  # the path, never the query string
