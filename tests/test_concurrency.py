"""The same answer submitted many times at once is stored once, and nobody gets a server error.

A double click, a retried request on a flaky classroom network or a replayed POST all arrive
together; the unique (attempt, passage) constraint keeps the first and the others are told so.
These run on whichever database the suite runs on: SQLite, or PostgreSQL with
QUIZAPP_TEST_DATABASE_URL.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, func, select

from quizapp.models import Response

from .conftest import SEED, Browser, answer, running_server, start_quiz

THREADS = 8
PASSAGES = 6
# One answer that fits an item of any kind (each kind's form reads only its own fields; bench/load.py's too).
ANY_KIND = {"label": "fact", "words": "0", **{f"part_{n}": "fact" for n in range(1, 13)}}


def stored(database_url: str, attempt_id: int) -> list[tuple[int, int, str]]:
    """Return (item id, rows, chosen label) for each item the attempt answered."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    select(Response.item_id, func.count(), func.min(Response.answer["label"].as_string()))
                    .where(Response.attempt_id == attempt_id)
                    .group_by(Response.item_id)
                )
            )
    finally:
        engine.dispose()


def race(count: int, submit: Callable[[object], object], prepare: Callable[[], object] = lambda: None) -> list:
    """Run submit(prepare()) in count threads, released together once all are prepared."""
    barrier = threading.Barrier(count)

    def run(_i: int):
        """Prepare, wait for every other thread, then submit."""
        prepared = prepare()
        barrier.wait()
        return submit(prepared)

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


def test_concurrent_submits_to_a_real_server_store_one_answer(tmp_path, database_url):
    with running_server(tmp_path, database_url, workers=2) as port:
        student = Browser(port)
        student.signup("racer")
        attempt = student.start(SEED)
        token = student.token(f"/attempts/{attempt}/passages/1")
        for position in range(1, PASSAGES + 1):
            url = f"/attempts/{attempt}/passages/{position}"

            def connect() -> http.client.HTTPConnection:
                """Open a connection before the race, so the requests leave together."""
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.connect()
                return connection

            def submit(connection: http.client.HTTPConnection) -> tuple[int, str]:
                """Post the answer as the signed-in student; return (status, location)."""
                racer = Browser(port)
                racer.cookies = dict(student.cookies)
                try:
                    status, headers, _ = racer.send(connection, "POST", url, {"csrf_token": token, **ANY_KIND})  # noqa: B023
                finally:
                    connection.close()
                return status, headers.get("Location", "")

            results = race(THREADS, submit, connect)
            assert all(status == 302 and location.endswith(f"{url}/feedback") for status, location in results), results
    rows = stored(database_url, attempt)
    assert len(rows) == PASSAGES
    assert all(count == 1 and chosen in ("fact", None) for _, count, chosen in rows), rows  # None: no label asked


def test_concurrent_submits_through_the_app_store_one_answer(loaded, client, auth, database_url):
    auth.signup()
    attempt = start_quiz(client)
    session = client.get_cookie("session").value
    for position in range(1, PASSAGES + 1):

        def submit(_prepared) -> int:
            """Post the answer from a client of its own holding the student's session."""
            racer = loaded.test_client()
            racer.set_cookie("session", session)
            return answer(racer, attempt, position, "opinion").status_code  # noqa: B023

        assert race(THREADS, submit) == [302] * THREADS
    rows = stored(database_url, attempt)
    assert len(rows) == PASSAGES
    assert all(count == 1 and chosen in ("opinion", None) for _, count, chosen in rows), rows  # None: no label asked
