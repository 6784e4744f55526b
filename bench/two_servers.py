"""Two app servers behind nginx on one PostgreSQL, all on 127.0.0.1: throughput, failover, exactly-once.

    .venv/bin/python bench/two_servers.py [--students 60] [--concurrency 32] [--duration 6]

It starts PostgreSQL (.ci/postgres start: reused if running), makes a fresh schema, starts two
``quizapp serve`` processes on it (one worker each, as two machines would be; one secret key),
and Debian's nginx (/usr/sbin/nginx, not as a daemon, its config in a temporary folder) in front
of them. Then it runs bench/load.py --url through the proxy three times:

1. nginx with one server only: the baseline throughput;
2. nginx with both: the throughput of two servers;
3. both again, and one server is stopped (SIGTERM, as an administrator would) a few seconds into
   the students' phase: the students go on through the other.

Each run must end with 0 answers lost, 0 duplicates and 0 5xx (load.py counts the rows in the
database). nginx passes a request to the other server only where that is safe (``proxy_next_upstream
error timeout http_502``; nginx never re-sends a POST that reached the first server, unless told
``non_idempotent``, which it is not); an answer posted twice is refused by the unique (attempt, item)
constraint anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402

NGINX = "/usr/sbin/nginx"
CONFIG = """
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream quizapp {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 128k;
        location / {{
            proxy_pass http://quizapp;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout http_502;
        }}
    }}
}}
"""


def start_nginx(folder: Path, upstreams: list[str]) -> tuple[subprocess.Popen, str]:
    """Start nginx in front of the upstreams (host:port); return (process, base URL) once it answers."""
    port = load.free_port()
    servers = "\n".join(f"        server {u} max_fails=1 fail_timeout=10s;" for u in upstreams)
    config = folder / f"nginx-{port}.conf"
    config.write_text(CONFIG.format(folder=folder, servers=servers, port=port))
    process = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(folder), "-e", str(folder / "nginx-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            import http.client

            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("nginx did not start: " + (folder / "nginx-error.log").read_text())


def run_load(url: str, database_url: str, args: argparse.Namespace) -> dict:
    """Run bench/load.py through the proxy and return its figures."""
    command = [sys.executable, str(ROOT / "bench" / "load.py"), "--url", url, "--database-url", database_url]
    command += ["--students", str(args.students), "--concurrency", str(args.concurrency)]
    command += ["--duration", str(args.duration), "--think-ms", str(args.think_ms), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"load.py failed:\n{done.stdout}\n{done.stderr}") from None


def summary(name: str, figures: dict, load_average: tuple[float, float]) -> str:
    """Return one run's figures as lines of text."""
    through = figures["throughput"]
    answer = figures["routes"].get("answer", {})
    return "\n".join(
        [
            f"{name} (load average {load_average[0]:.2f} before, {load_average[1]:.2f} after):",
            f"  students phase {figures['requests_per_second']:.0f} requests/s; answer p50/p95/p99 "
            f"{answer.get('p50_ms', 0):.0f}/{answer.get('p95_ms', 0):.0f}/{answer.get('p99_ms', 0):.0f} ms",
            f"  closed loop requests/s: /healthz {through['healthz']['per_second']:.0f}, question page "
            f"{through['question']['per_second']:.0f}, answer POST {through['answer']['per_second']:.0f}",
            f"  answers ok {figures['answers_ok']}, stored {figures['answers_stored']}, "
            f"lost {figures['answers_lost']}, "
            f"stored without success {figures['answers_stored_unconfirmed']}, duplicates {figures['duplicates']}, "
            f"5xx {figures['errors_5xx']}, connection errors {figures['connection_errors']}",
            *(f"    {what}" for what in figures["unexpected"][:10]),
        ]
    )


def main() -> int:
    """Start PostgreSQL, two servers and nginx; run the three load runs; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--duration", type=float, default=6)
    parser.add_argument("--think-ms", type=float, default=100)
    parser.add_argument("--stop-after", type=float, default=5, help="seconds into run 3 when server B stops")
    args = parser.parse_args()
    postgres = subprocess.run([str(ROOT / ".ci" / "postgres"), "start"], capture_output=True, text=True, check=True)
    folder = Path(tempfile.mkdtemp(prefix="quizapp-two-"))
    database_url, drop = load.fresh_database(postgres.stdout.strip(), folder)
    secret = os.urandom(16).hex()
    os.environ.update({"QUIZAPP_PROXY_FIX_X_FOR": "1", "QUIZAPP_PROXY_FIX_X_PROTO": "1"})
    processes: list[subprocess.Popen] = []
    bad = 0
    try:
        servers = []
        for name in ("a", "b"):  # one after the other: the first prepares the schema
            (folder / name).mkdir()
            server, url = load.start_server(database_url, folder / name, 1, secret=secret)
            processes.append(server)
            servers.append((server, url.removeprefix("http://")))
        lines = [f"two quizapp serve processes (1 worker each) behind nginx, PostgreSQL, {args.students} students"]
        for name, upstreams, stop in (
            ("1. one server", [servers[0][1]], None),
            ("2. two servers", [s[1] for s in servers], None),
            ("3. two servers, B stopped mid-run", [s[1] for s in servers], servers[1][0]),
        ):
            nginx, url = start_nginx(folder, upstreams)
            try:
                if stop is not None:
                    timer = threading.Timer(args.stop_after, stop.send_signal, (signal.SIGTERM,))
                    timer.start()
                before = os.getloadavg()[0]
                figures = run_load(url, database_url, args)
                lines.append(summary(name, figures, (before, os.getloadavg()[0])))
                if stop is not None:
                    lines.append(f"  server B exited with {stop.wait(timeout=60)} during the run; A answered the rest")
                bad += bool(figures["answers_lost"] or figures["duplicates"] or figures["errors_5xx"])
            finally:
                nginx.terminate()
                nginx.wait(timeout=30)
        print("\n".join(lines))
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        drop()
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
