"""Load test: simulated students take the seed quiz against a real server, on 127.0.0.1 only.

It starts the app itself (``quizapp serve``: gunicorn, 2 workers, a fresh database in a temporary
folder, the shipped questions), or aims at a running server with ``--url``. Then:

1. Students: ``--students`` (200) sign up through the real form, start the seed quiz and, for each
   of its passages, GET the question, POST a random answer and follow to the feedback, at a
   compressed human pace (random think times), ``--concurrency`` (64) of them at a time. About
   10% of answers are posted twice, half of those at the same moment as the first.
2. Throughput: closed loops of ``--concurrency`` clients sending back-to-back requests to
   /healthz (no database), a question page and an answer POST (each to a fresh passage), for
   ``--duration`` seconds per route, interleaved in one-second slices so that other load on a
   shared machine falls on all three alike. Each route is reported as a ratio to /healthz.
3. Count: the answers stored for this run's attempts, read from the database, against the
   answers that got a redirect to their feedback page.

Every request, retry and think time is bounded; the run stops by itself.

    .venv/bin/python bench/load.py                      # SQLite
    .venv/bin/python bench/load.py --database-url "$(.ci/postgres start)"
    .venv/bin/python bench/load.py --url http://127.0.0.1:5000 --students 20
    .venv/bin/python bench/load.py --json

The client is threads with http.client (standard library): measured here against gunicorn's sync
workers, which close every connection, it spent ~0.18 ms of CPU per request where httpx spent
~1.4 ms and aiohttp ~0.4 ms. The client shares the machine's cores with the server, so a heavy
client flattens every ratio towards 1; its CPU per request is printed with the figures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

SEED = "trump-lukashenko"
REQUEST_TIMEOUT = 30  # seconds; a request slower than this counts as an error
ROUTES = (
    "index",
    "signup_form",
    "signup",
    "start",
    "resume",
    "question",
    "answer",
    "answer_replay",
    "feedback",
    "results",
)
MAX_ROUTES = ("healthz", "question", "answer")
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LABEL = re.compile(r'type="radio"[^>]*value="([^"]+)"')
ATTEMPT = re.compile(r"/attempts/(\d+)")
SLUG = re.compile(r'action="/quizzes/([^/"]+)/start"')
PASSAGES = re.compile(r"Passage \d+ of (\d+)")


class Stats:
    """Latencies and outcomes per route, shared by every client thread."""

    def __init__(self):
        """Start with nothing recorded."""
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors_5xx = 0
        self.connection_errors = 0
        self.unexpected: list[str] = []
        self.answered: set[tuple[int, int]] = set()  # (attempt, position) answered with a redirect to feedback

    def record(self, route: str, seconds: float, status: int) -> None:
        """Keep one request's latency and count a server error."""
        with self.lock:
            self.latencies[route].append(seconds)
            if status >= 500:
                self.errors_5xx += 1

    def failed(self, what: str, connection_error: bool = False) -> None:
        """Note a response that was not what a browser would have got, or a failed connection."""
        with self.lock:
            if connection_error:
                self.connection_errors += 1
            if len(self.unexpected) < 20:
                self.unexpected.append(what)
            elif len(self.unexpected) == 20:
                self.unexpected.append("...")

    def ok(self, attempt: int, position: int) -> None:
        """Note an answer that the server confirmed with a redirect to its feedback."""
        with self.lock:
            self.answered.add((attempt, position))


@dataclass
class Reply:
    """What a request got back."""

    status: int
    location: str
    body: str


class Client:
    """One browser: a keep-alive connection (reopened when the server closes it) and cookies."""

    def __init__(self, host: str, port: int, stats: Stats, cookies: dict[str, str] | None = None):
        """Prepare a connection to host:port (opened on the first request) recording into stats."""
        self.host, self.port, self.stats = host, port, stats
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def request(
        self, route: str, method: str, path: str, form: dict | None = None, cookies: dict[str, str] | None = None
    ) -> Reply | None:
        """Send one request and record it under route; return None if the connection failed."""
        jar = self.cookies if cookies is None else cookies
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for retry in (False, True):
            reused = self.connection.sock is not None
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode()
            except (ConnectionError, http.client.HTTPException, TimeoutError, OSError) as error:
                self.connection.close()
                if reused and not retry and not isinstance(error, TimeoutError):
                    continue  # the server closed an idle keep-alive connection: once more on a new one
                self.stats.record(route, time.perf_counter() - started, 0)
                self.stats.failed(
                    f"{route} {method} {path}: {error.__class__.__name__}: {error}", connection_error=True
                )
                return None
            self.stats.record(route, time.perf_counter() - started, response.status)
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, value = header.split(";", 1)[0].partition("=")
                jar[name.strip()] = value
            return Reply(response.status, response.headers.get("Location", ""), text)
        return None

    def expect(
        self,
        route: str,
        method: str,
        path: str,
        status: int,
        form: dict | None = None,
        location: str = "",
        cookies: dict[str, str] | None = None,
    ) -> Reply | None:
        """Send a request; return the reply if it has the status (and redirect) a browser expects."""
        reply = self.request(route, method, path, form, cookies)
        if reply is None:
            return None
        if reply.status != status or not reply.location.split("#")[0].split("?")[0].endswith(location):
            self.stats.failed(f"{route} {method} {path}: {reply.status} {reply.location}")
            return None
        return reply


@dataclass
class Student:
    """A signed-up student: cookies, a CSRF token, and the attempts it has open."""

    username: str
    cookies: dict[str, str]
    token: str
    slugs: list[str] = field(default_factory=list)


@dataclass
class Cursor:
    """An attempt with unanswered passages: the next one to answer, and how many there are."""

    student: Student
    attempt: int
    position: int
    passages: int


class Run:
    """One load test against one server."""

    def __init__(self, base_url: str, args: argparse.Namespace, server_pid: int | None = None):
        """Aim at base_url with the command-line options; server_pid (if we started it) for its CPU."""
        self.server_pid = server_pid
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.args = args
        self.stats = Stats()
        self.run_id = secrets.token_hex(3)
        self.attempts: set[int] = set()
        self.attempts_lock = threading.Lock()
        self.random = random.Random(args.seed)
        self.random_lock = threading.Lock()
        self.deadline = time.monotonic() + args.timeout

    def client(self, cookies: dict[str, str] | None = None) -> Client:
        """Return a new client of the server."""
        return Client(self.host, self.port, self.stats, cookies)

    def chance(self, probability: float) -> bool:
        """Return True with the given probability."""
        with self.random_lock:
            return self.random.random() < probability

    def think(self, times: float = 1) -> None:
        """Pause like a student reading, compressed in time: 0 to twice the mean think time."""
        with self.random_lock:
            seconds = self.random.uniform(0, 2 * times * self.args.think_ms / 1000)
        time.sleep(seconds)

    def own(self, attempt: int) -> None:
        """Remember an attempt made by this run, for counting its stored answers."""
        with self.attempts_lock:
            self.attempts.add(attempt)

    def sign_up(self, client: Client, username: str, prefix: str = "", typing: bool = False) -> Student | None:
        """Sign up through the real form and fetch the index page's CSRF token."""
        page = client.expect(prefix + "signup_form", "GET", "/signup", 200)
        if page is None:
            return None
        password = "load test password"
        if typing:
            self.think(times=3)  # typing a name and a password twice takes longer than a click
        form = {
            "csrf_token": TOKEN.search(page.body).group(1),
            "username": username,
            "password": password,
            "confirm": password,
        }
        if client.expect(prefix + "signup", "POST", "/signup", 302, form) is None:
            return None
        index = client.expect(prefix + "index", "GET", "/", 200)
        if index is None:
            return None
        return Student(username, client.cookies, TOKEN.search(index.body).group(1), SLUG.findall(index.body))

    def start(self, client: Client, student: Student, slug: str, prefix: str = "") -> int | None:
        """Start a quiz through the form on the index page; return the attempt id."""
        reply = client.expect(
            prefix + "start",
            "POST",
            f"/quizzes/{slug}/start",
            302,
            {"csrf_token": student.token},
            cookies=student.cookies,
        )
        if reply is None or not ATTEMPT.search(reply.location):
            return None
        attempt = int(ATTEMPT.search(reply.location).group(1))
        self.own(attempt)
        return attempt

    def answer(
        self, client: Client, student: Student, attempt: int, position: int, label: str, route: str = "answer"
    ) -> bool:
        """POST an answer; return whether it was confirmed with a redirect to its feedback."""
        reply = client.expect(
            route,
            "POST",
            f"/attempts/{attempt}/passages/{position}",
            302,
            {"csrf_token": student.token, **answer_form(label)},
            location=f"/attempts/{attempt}/passages/{position}/feedback",
            cookies=student.cookies,
        )
        if reply is not None:
            self.stats.ok(attempt, position)
        return reply is not None

    def replay_together(self, student: Student, attempt: int, position: int, label: str, client: Client) -> None:
        """POST the same answer twice at the same moment, as a double click does."""
        barrier = threading.Barrier(2, timeout=REQUEST_TIMEOUT)

        def second() -> None:
            """The other click, on a connection of its own."""
            other = self.client()
            try:
                barrier.wait()
                self.answer(other, student, attempt, position, label, route="answer_replay")
            except threading.BrokenBarrierError:
                pass
            finally:
                other.close()

        thread = threading.Thread(target=second)
        thread.start()
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        self.answer(client, student, attempt, position, label)
        thread.join()

    def take_quiz(self, number: int) -> Student | None:
        """Be one student: sign up, start the seed quiz, answer every passage, see the results."""
        if time.monotonic() > self.deadline:
            return None
        client = self.client()
        try:
            student = self.sign_up(client, f"s{self.run_id}-{number}", typing=True)
            if student is None:
                return None
            self.think()
            attempt = self.start(client, student, SEED)
            if attempt is None:
                return None
            reply = client.expect(
                "resume", "GET", f"/attempts/{attempt}", 302, location=f"/attempts/{attempt}/passages/1"
            )
            position = 1
            while reply is not None and time.monotonic() < self.deadline:
                page = client.expect("question", "GET", f"/attempts/{attempt}/passages/{position}", 200)
                if page is None:
                    break
                passages = int(PASSAGES.search(page.body).group(1))
                with self.random_lock:
                    label = self.random.choice(LABEL.findall(page.body) or ["fact", "opinion", "speculation"])
                self.think()
                if self.chance(self.args.replay / 2):
                    self.replay_together(student, attempt, position, label, client)
                elif not self.answer(client, student, attempt, position, label):
                    break
                elif self.chance(self.args.replay / 2):  # the back button, and submit again
                    self.answer(client, student, attempt, position, label, route="answer_replay")
                reply = client.expect("feedback", "GET", f"/attempts/{attempt}/passages/{position}/feedback", 200)
                self.think()
                if position == passages:
                    client.expect("results", "GET", f"/attempts/{attempt}/results", 200)
                    break
                position += 1
            return student
        finally:
            client.close()

    def students_phase(self) -> tuple[list[Student], float, int, float]:
        """Run every student, concurrency at a time; return (students, seconds, requests, client CPU)."""
        before = sum(len(v) for v in self.stats.latencies.values())
        cpu, started = time.process_time(), time.perf_counter()
        with ThreadPoolExecutor(self.args.concurrency) as pool:
            students = [s for s in pool.map(self.take_quiz, range(self.args.students)) if s is not None]
        elapsed = time.perf_counter() - started
        requests = sum(len(v) for v in self.stats.latencies.values()) - before
        return students, elapsed, requests, time.process_time() - cpu

    def open_attempts(self, student: Student) -> list[Cursor]:
        """Start every quiz on the index page as student; return a cursor per fresh attempt."""
        client = self.client()
        cursors = []
        try:
            for slug in student.slugs:
                attempt = self.start(client, student, slug, prefix="prepare_")
                reply = attempt and client.expect(
                    "prepare_resume", "GET", f"/attempts/{attempt}", 302, cookies=student.cookies
                )
                if not reply or "/passages/" not in reply.location:
                    continue
                page = client.expect("prepare_question", "GET", reply.location, 200, cookies=student.cookies)
                if page is not None:
                    cursors.append(
                        Cursor(
                            student,
                            attempt,
                            int(reply.location.split("#")[0].rsplit("/", 1)[1]),
                            int(PASSAGES.search(page.body).group(1)),
                        )
                    )
        finally:
            client.close()
        return cursors

    def new_student(self, number: int) -> Student | None:
        """Sign up a student for the throughput phase, on a browser of its own."""
        client = self.client()
        try:
            return self.sign_up(client, f"t{self.run_id}-{number}", prefix="prepare_")
        finally:
            client.close()

    def prepare_cursors(self, students: list[Student], needed: int) -> list[Cursor]:
        """Open attempts with about `needed` unanswered passages in all, signing up more students if short."""
        per_student = 0
        cursors: list[Cursor] = []
        pool = list(students)
        if pool:
            cursors = self.open_attempts(pool.pop(0))
            per_student = max(1, sum(c.passages - c.position + 1 for c in cursors))
        wanted = max(0, -(-(needed - per_student) // max(1, per_student)))  # students still to open, rounded up
        with ThreadPoolExecutor(8) as workers:  # 8 at a time: sign-ups hash passwords on both workers at once
            if wanted > len(pool):
                pool += [s for s in workers.map(self.new_student, range(wanted - len(pool))) if s is not None]
            for opened in workers.map(self.open_attempts, pool[:wanted]):
                cursors += opened
        return cursors

    def closed_loop(
        self, route: str, seconds: float, cursors: list[Cursor], lock: threading.Lock, prefix: str = "max_"
    ) -> tuple[int, float]:
        """Run concurrency clients back-to-back on one route for seconds; return (requests, elapsed)."""
        stop = time.perf_counter() + seconds
        counts = [0] * self.args.concurrency

        def loop(index: int) -> None:
            """One client: send requests until the time is up."""
            client = self.client()
            try:
                while time.perf_counter() < stop:
                    if route == "healthz":
                        if client.expect(prefix + "healthz", "GET", "/healthz", 200) is not None:
                            counts[index] += 1
                        continue
                    with lock:
                        if not cursors:
                            return
                        cursor = cursors.pop(0)
                    path = f"/attempts/{cursor.attempt}/passages/{cursor.position}"
                    if route == "question":
                        reply = client.expect(prefix + "question", "GET", path, 200, cookies=cursor.student.cookies)
                        done = reply is not None
                    else:
                        with self.random_lock:
                            label = self.random.choice(("fact", "opinion", "speculation"))
                        done = self.answer(
                            client, cursor.student, cursor.attempt, cursor.position, label, route=prefix + "answer"
                        )
                        cursor.position += 1
                    counts[index] += done
                    if cursor.position <= cursor.passages:
                        with lock:
                            cursors.append(cursor)
            finally:
                client.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=loop, args=(i,)) for i in range(self.args.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(counts), time.perf_counter() - started

    def spread_phase(self, runs: int) -> list[dict]:
        """Open --spread-connections connections at the same moment, loop /healthz on them; return each run's shares.

        A classroom that starts together opens its connections together; each worker's share is
        its CPU seconds over all workers' in the run (from /proc, before and after).
        """
        results = []
        for _ in range(100):  # a server that answers may still be starting its other workers
            if len(worker_cpu(self.server_pid)) >= self.args.workers:
                break
            time.sleep(0.1)
        for _ in range(runs):
            clients = [self.client() for _ in range(self.args.spread_connections)]
            gate = threading.Barrier(len(clients) + 1)
            stop = [0.0]

            def loop(client: Client, gate: threading.Barrier = gate, stop: list[float] = stop) -> None:
                """Connect at the gate's moment and send /healthz back to back until the stop time (as wrk does)."""
                gate.wait()
                while time.perf_counter() < stop[0]:
                    client.expect("spread_healthz", "GET", "/healthz", 200)

            threads = [threading.Thread(target=loop, args=(c,)) for c in clients]
            for thread in threads:
                thread.start()
            before = worker_cpu(self.server_pid)
            stop[0] = time.perf_counter() + self.args.spread_seconds
            gate.wait()  # all connect now
            for thread in threads:
                thread.join()
            after = worker_cpu(self.server_pid)
            for client in clients:
                client.close()
            used = {pid: after[pid] - before[pid] for pid in before if pid in after}
            total = sum(used.values())
            results.append({"cpu_seconds": sorted(used.values()), "shares": sorted(v / total for v in used.values())})
        return results

    def throughput_phase(self, students: list[Student]) -> tuple[dict[str, dict], dict[str, float]]:
        """Measure each route's closed-loop throughput in interleaved slices; return (figures, ratios).

        A ratio is the median over rounds of the route's rate over /healthz's rate in the same
        round: a burst of other work on a shared machine then spoils one round, not the figure.
        """
        rounds = max(1, round(self.args.duration))
        slice_seconds = self.args.duration / rounds
        lock = threading.Lock()
        # Fresh passages for answers at up to half /healthz's rate (measured: a quarter), from a
        # first slice of /healthz that is not counted.
        healthz_count, healthz_seconds = self.closed_loop("healthz", 1.0, [], lock, prefix="warmup_")
        needed = int(0.5 * healthz_count / healthz_seconds * self.args.duration) + 1000
        cursors = self.prepare_cursors(students, needed)
        totals = {route: [0, 0.0, 0.0, 0.0] for route in MAX_ROUTES}  # requests, seconds, client and server CPU
        per_round: dict[str, list[float]] = {route: [] for route in MAX_ROUTES}
        for _ in range(rounds):
            for route in MAX_ROUTES:
                cpu, server_cpu = time.process_time(), process_tree_cpu(self.server_pid)
                count, elapsed = self.closed_loop(route, slice_seconds, cursors, lock)
                totals[route][0] += count
                totals[route][1] += elapsed
                totals[route][2] += time.process_time() - cpu
                if server_cpu is not None:
                    totals[route][3] += process_tree_cpu(self.server_pid) - server_cpu
                per_round[route].append(count / elapsed if elapsed else 0.0)
        if not cursors:
            self.stats.failed("answer phase ran out of fresh passages: its figure is low")
        figures = {
            route: {
                "requests": n,
                "seconds": s,
                "per_second": n / s if s else 0.0,
                "client_cpu_us_per_request": 1e6 * cpu / n if n else None,
                "server_cpu_us_per_request": 1e6 * server / n if n and self.server_pid else None,
                "ratio_per_round": [
                    rate / base if base else 0.0
                    for rate, base in zip(per_round[route], per_round["healthz"], strict=False)
                ],
            }
            for route, (n, s, cpu, server) in totals.items()
        }
        ratios = {route: statistics.median(row["ratio_per_round"]) for route, row in figures.items()}
        return figures, ratios


def worker_cpu(pid: int) -> dict[int, float]:
    """Return the CPU seconds used so far by each child (gunicorn worker) of a process, by pid (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    workers = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            workers[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / tick
    return workers


def process_tree_cpu(pid: int | None) -> float | None:
    """Return the CPU seconds used so far by a process and its children (Linux /proc), or None."""
    if pid is None or not Path(f"/proc/{pid}/stat").exists():
        return None
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    return total


def cpu_ratios(throughput: dict[str, dict]) -> dict[str, float] | None:
    """Return healthz's CPU per request (server and client) over each route's, or None without server figures.

    On a machine shared with other work, the throughput ratio depends on how the scheduler
    shares the cores among processes; this one estimates the ratio on an otherwise idle machine.
    """

    def cost(row: dict) -> float | None:
        """Return the CPU microseconds one request of a route costs, server and client."""
        if not row["server_cpu_us_per_request"] or not row["client_cpu_us_per_request"]:
            return None
        return row["server_cpu_us_per_request"] + row["client_cpu_us_per_request"]

    costs = {route: cost(row) for route, row in throughput.items()}
    if None in costs.values():
        return None
    return {route: costs["healthz"] / value for route, value in costs.items()}


def percentile(values: list[float], fraction: float) -> float:
    """Return the value below which `fraction` of values fall (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(fraction * len(ordered) + 0.5)) - 1))]


def latency_table(latencies: dict[str, list[float]], names: tuple[str, ...], prefix: str = "") -> dict[str, dict]:
    """Return count and p50/p95/p99 in milliseconds per route."""
    table = {}
    for name in names:
        values = latencies.get(prefix + name)
        if values:
            table[name] = {
                "count": len(values),
                "p50_ms": 1000 * statistics.median(values),
                "p95_ms": 1000 * percentile(values, 0.95),
                "p99_ms": 1000 * percentile(values, 0.99),
            }
    return table


def answer_form(label: str) -> dict[str, str]:
    """Return an answer that fits an item of any kind: a label, one marked word, and a label per sentence.

    Each kind's form reads only its own fields (core/kinds/, web/answers/), so one form answers a
    labelled passage, a mark-the-cues passage and a paragraph alike, without reading the page.
    """
    return {"label": label, "words": "0", **{f"part_{number}": label for number in range(1, 13)}}


def stored_answers(database_url: str, attempts: set[int]) -> list[tuple[int, int]]:
    """Return (attempt, position) of every stored response of these attempts, one row per response."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    rows: list[tuple[int, int]] = []
    try:
        with engine.connect() as connection:
            ids = sorted(attempts)
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows += [
                    tuple(row)
                    for row in connection.execute(
                        text(
                            "SELECT response.attempt_id, item.position FROM response "
                            "JOIN item ON item.id = response.item_id "
                            f"WHERE response.attempt_id IN ({','.join(str(i) for i in chunk)})"
                        )
                    )
                ]
    finally:
        engine.dispose()
    return rows


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def quizapp_command() -> str:
    """Return the quizapp command of the environment running this script."""
    beside = Path(sys.executable).with_name("quizapp")
    return str(beside) if beside.exists() else "quizapp"


def fresh_database(database_url: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    """Return (URL of an empty database, cleanup): a SQLite file, or a new schema in PostgreSQL."""
    if not database_url:
        return f"sqlite:///{folder / 'load.sqlite'}", lambda: None
    from sqlalchemy import create_engine, make_url, text

    from quizapp.config import normalize_database_url

    url = normalize_database_url(database_url)
    schema = f"load_{secrets.token_hex(6)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        """Drop the schema and everything in it."""
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False), drop


def start_server(
    database_url: str, folder: Path, workers: int, threads: int | None = None, secret: str | None = None
) -> tuple[subprocess.Popen, str]:
    """Start `quizapp serve` on a free loopback port; return (process, base URL) once it answers.

    secret: the session key, the same for servers that share one database behind a proxy.
    """
    port = free_port()
    # Every simulated student signs up from 127.0.0.1: the sign-up limit per address (50 an hour) is off here.
    env = {
        **os.environ,
        "QUIZAPP_INSTANCE_PATH": str(folder / "instance"),
        "DATABASE_URL": database_url,
        "QUIZAPP_SECRET_KEY": secret or secrets.token_hex(16),
        "QUIZAPP_SIGNUPS_PER_ADDRESS": "0",
    }
    log = open(folder / "server.log", "wb")  # a file, not a pipe: a full pipe would stall the server
    server = subprocess.Popen(
        [
            quizapp_command(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            *(["--threads", str(threads)] if threads else []),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                for _ in range(100):  # one worker answers while the master may still be starting the others
                    if len(worker_cpu(server.pid)) >= workers:
                        break
                    time.sleep(0.1)
                return server, f"http://127.0.0.1:{port}"
        except OSError:
            pass
        if server.poll() is not None:
            break
        time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start:\n" + (folder / "server.log").read_text())


def spread_report(spread: list[dict], connections: int, load: tuple | None = None) -> str:
    """Return the spread runs as text: each worker's share of the CPU, and how many runs were fair."""
    workers = len(spread[0]["shares"])
    floor = 2 / (3 * workers)  # with two workers, a third of the work: two thirds of a fair share
    fair = sum(len(run["shares"]) == workers and min(run["shares"]) >= floor for run in spread)
    return "\n".join(
        [
            f"spread: {connections} connections opened at once, /healthz back to back; "
            "each worker's share of the workers' CPU per run (smallest first)"
            + (f"; load average {load[0]:.2f} before, {load[1]:.2f} after" if load else "")
            + ":",
            "  " + "  ".join("/".join(f"{share:.2f}" for share in run["shares"]) for run in spread),
            f"runs in which no worker did less than {floor:.2f} of the work: {fair} of {len(spread)}",
        ]
    )


def report(figures: dict) -> str:
    """Return the figures as text."""
    lines = [
        f"{figures['students']} students on {figures['database']} at concurrency {figures['concurrency']}, "
        f"think time 0-{2 * figures['think_ms']:g} ms, {figures['server']}; machine load average "
        f"{figures['load_average'][0]} before, {figures['load_average'][1]} after",
        f"students phase: {figures['requests']} requests in {figures['seconds']:.1f} s = "
        f"{figures['requests_per_second']:.0f} requests/s (client CPU "
        f"{figures['client_cpu_us_per_request']:.0f} us/request)",
        "",
        f"{'route':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}",
    ]
    for name, row in figures["routes"].items():
        lines.append(f"{name:<14}{row['count']:>7}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}")
    lines += [
        "",
        f"closed loop, {figures['concurrency']} clients back-to-back, {figures['duration']:g} s per route "
        "in interleaved 1 s slices; ratio = median over rounds of rate / healthz rate;",
        "CPU ratio = healthz's CPU per request (server + client) / the route's"
        + (" (PostgreSQL's own processes not counted)" if figures["database"] == "PostgreSQL" else "")
        + ":",
        f"{'route':<10}{'req/s':>7}{'ratio':>7}{'(min-max)':>12}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'server CPU us/req':>19}{'client':>8}{'CPU ratio':>11}",
    ]
    cpu_ratio = figures["cpu_ratio_to_healthz"]
    for name, row in figures["throughput"].items():
        lat = figures["throughput_latency"].get(name, {"p50_ms": 0, "p95_ms": 0, "p99_ms": 0})
        spread = f"{min(row['ratio_per_round']):.2f}-{max(row['ratio_per_round']):.2f}"
        server, client = row["server_cpu_us_per_request"], row["client_cpu_us_per_request"]
        lines.append(
            f"{name:<10}{row['per_second']:>7.0f}{figures['ratio_to_healthz'][name]:>7.2f}{spread:>12}"
            f"{lat['p50_ms']:>8.1f}{lat['p95_ms']:>8.1f}{lat['p99_ms']:>8.1f}"
            f"{(f'{server:.0f}' if server else '-'):>19}{(f'{client:.0f}' if client else '-'):>8}"
            f"{(f'{cpu_ratio[name]:.2f}' if cpu_ratio else '-'):>11}"
        )
    if figures["spread"][0]["shares"]:
        shares = "/".join(f"{share:.2f}" for share in figures["spread"][0]["shares"])
        lines += ["", f"each worker's share of the workers' CPU, students and throughput phases: {shares}"]
    stored = figures["answers_stored"]
    lines += [
        "",
        f"answers ok (redirected to feedback): {figures['answers_ok']}",
        f"answers stored: {stored if stored is not None else 'not counted (no --database-url)'}",
        f"answers lost (ok, not stored): {figures['answers_lost']}",
        f"stored without a success response: {figures['answers_stored_unconfirmed']}",
        f"duplicates (rows beyond one per attempt and passage): {figures['duplicates']}",
        f"5xx responses: {figures['errors_5xx']}, connection errors: {figures['connection_errors']}, "
        f"other unexpected responses: {len(figures['unexpected'])}",
    ]
    lines += [f"  {what}" for what in figures["unexpected"]]
    return "\n".join(lines)


def main() -> int:
    """Run the load test and print its figures; exit 1 if an answer was lost or duplicated or a 5xx seen."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=200, help="simulated students (default 200)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=64,
        help="students active at once, and clients per throughput loop (default 64)",
    )
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds of closed loop per route, in 1 s slices (default 10)"
    )
    parser.add_argument(
        "--think-ms",
        type=float,
        default=300,
        help="mean think time between steps, in ms (default 300: a student's ~30 s per passage, 100 times faster)",
    )
    parser.add_argument("--replay", type=float, default=0.10, help="share of answers posted twice (default 0.10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: quizapp serve's)")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL database to use (a fresh schema is made in it and "
        "dropped after); with --url, the running server's database, to count stored answers",
    )
    parser.add_argument("--url", help="aim at this running server on 127.0.0.1 instead of starting one")
    parser.add_argument("--server-pid", type=int, help="with --url: the gunicorn master's pid, for its workers' CPU")
    parser.add_argument(
        "--spread-runs", type=int, default=10, help="with --spread-only: runs, each on a freshly started server"
    )
    parser.add_argument("--spread-connections", type=int, default=32, help="connections opened at once (default 32)")
    parser.add_argument(
        "--spread-only",
        action="store_true",
        help="only open --spread-connections connections at once, --spread-runs times, and print each worker's share",
    )
    parser.add_argument("--spread-seconds", type=float, default=2, help="seconds of each spread run (default 2)")
    parser.add_argument("--timeout", type=float, default=900, help="stop starting new work after this many seconds")
    parser.add_argument("--seed", type=int, default=None, help="random seed, for a repeatable run")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, server log)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="quizapp-load-"))
    server = None

    def cleanup() -> None:
        """Nothing to clean up until a server of ours is started."""

    try:
        if args.url:
            host = urllib.parse.urlsplit(args.url).hostname
            if host not in ("127.0.0.1", "localhost", "::1"):
                raise SystemExit("--url must be a server on this machine (127.0.0.1)")
            from quizapp.config import normalize_database_url

            base_url = args.url.rstrip("/")
            count_url = normalize_database_url(args.database_url) if args.database_url else None
            database = urllib.parse.urlsplit(count_url).scheme if count_url else "an unknown database"
            server_name = f"server at {base_url}"
        else:
            count_url, cleanup = fresh_database(args.database_url, folder)
            server, base_url = start_server(count_url, folder, args.workers, args.threads)
            database = "PostgreSQL" if args.database_url else "SQLite"
            server_name = f"quizapp serve --workers {args.workers}"
        load_before = os.getloadavg()[0]
        if args.spread_only:
            spread = []
            for number in range(args.spread_runs):  # a fresh server each time: the workers just started
                if number and server is not None:
                    server.terminate()
                    server.wait(timeout=30)
                    server, base_url = start_server(count_url, folder, args.workers, args.threads)
                spread += Run(base_url, args, server.pid if server else args.server_pid).spread_phase(1)
            print(spread_report(spread, args.spread_connections, (load_before, os.getloadavg()[0])))
            return 0
        run = Run(base_url, args, server.pid if server else args.server_pid)
        workers_before = worker_cpu(run.server_pid) if run.server_pid else {}
        students, seconds, requests, cpu = run.students_phase()
        throughput, ratios = run.throughput_phase(students)
        workers_after = worker_cpu(run.server_pid) if run.server_pid else {}
        worker_seconds = {
            pid: workers_after[pid] - workers_before[pid] for pid in workers_before if pid in workers_after
        }
        spread = [{"shares": sorted(v / sum(worker_seconds.values()) for v in worker_seconds.values())}]
        rows = stored_answers(count_url, run.attempts) if count_url else None
        ok = run.stats.answered
        figures = {
            "students": args.students,
            "students_finished": len(students),
            "database": database,
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "server": server_name,
            "concurrency": args.concurrency,
            "think_ms": args.think_ms,
            "duration": args.duration,
            "requests": requests,
            "seconds": seconds,
            "requests_per_second": requests / seconds,
            "client_cpu_us_per_request": 1e6 * cpu / max(1, requests),
            "routes": latency_table(run.stats.latencies, ROUTES),
            "throughput": throughput,
            "throughput_latency": latency_table(run.stats.latencies, MAX_ROUTES, prefix="max_"),
            "ratio_to_healthz": ratios,
            "cpu_ratio_to_healthz": cpu_ratios(throughput),
            "spread": spread,
            "answers_ok": len(ok),
            "answers_stored": len(rows) if rows is not None else None,
            "answers_lost": len(ok - set(rows)) if rows is not None else None,
            "answers_stored_unconfirmed": len(set(rows) - ok) if rows is not None else None,
            "duplicates": len(rows) - len(set(rows)) if rows is not None else None,
            "errors_5xx": run.stats.errors_5xx,
            "connection_errors": run.stats.connection_errors,
            "unexpected": run.stats.unexpected,
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cleanup()
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(figures, indent=2) if args.json else report(figures))
    bad = figures["errors_5xx"] or figures["answers_lost"] or figures["duplicates"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
