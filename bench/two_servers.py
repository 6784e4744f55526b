"""Two app servers behind nginx on one PostgreSQL, as a school would run them, all on 127.0.0.1.

    .venv/bin/python bench/two_servers.py [--database-url URL] [--students 120] [--concurrency 32]
                                          [--duration 6] [--workers 1] [--stop-after 6]

It starts a throwaway PostgreSQL server with .ci/postgres (unless --database-url names one), makes
a fresh database in it, starts two `quizapp serve` processes at the same moment (as on two machines:
they share only the database and QUIZAPP_SECRET_KEY) and two nginx proxies from Debian's package:
one in front of server A alone, one in front of both. Then three runs of bench/load.py --url:

1. through the proxy of server A alone;
2. through the proxy of both servers (throughput ratio of 2 to 1, per route);
3. through the proxy of both while server B is stopped (SIGTERM, gunicorn's graceful stop)
   --stop-after seconds into the run: students mid-quiz must go on through server A.

Each run reports lost and duplicated answers (read from the database), 5xx and connection errors,
and the load average. Exit status 1 if any answer was lost or duplicated, or a run saw a 5xx.
The nginx configuration it writes is the one the README's "Several servers" section explains.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load import free_port, quizapp_command  # noqa: E402

from quizapp.config import normalize_database_url  # noqa: E402

NGINX = "/usr/sbin/nginx"
NGINX_CONF = """\
daemon off;
worker_processes 1;
pid {folder}/nginx-{port}.pid;
error_log {folder}/nginx-{port}.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body-{port};
    proxy_temp_path {folder}/proxy-{port};
    fastcgi_temp_path {folder}/fastcgi-{port};
    uwsgi_temp_path {folder}/uwsgi-{port};
    scgi_temp_path {folder}/scgi-{port};
    upstream quizapp {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 128k;
        location / {{
            proxy_pass http://quizapp;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A server that refuses the connection (stopped) or fails to connect: try the other.
            # nginx never resends a POST that reached a server, so an answer cannot be stored twice.
            proxy_next_upstream error timeout http_502 http_503;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


def fresh_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """Create an empty database on the PostgreSQL server; return (its URL, drop)."""
    name = f"two_servers_{secrets.token_hex(4)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        """Drop the run's database."""
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()

    return url, drop


def wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    """Wait until /healthz answers 200 on port, or fail if the process ended."""
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"{what} stopped while starting (exit {process.returncode})")
        time.sleep(0.1)
    raise SystemExit(f"{what} did not answer within a minute")


def start_servers(database_url: str, folder: Path, workers: int) -> list[tuple[subprocess.Popen, int]]:
    """Start two `quizapp serve` at the same moment on one database and one secret key."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "QUIZAPP_SECRET_KEY": secrets.token_hex(32),
        "QUIZAPP_PROXY_FIX_X_FOR": "1",
        "QUIZAPP_SIGNUPS_PER_ADDRESS": "0",  # every simulated student signs up from 127.0.0.1
    }
    servers = []
    for name in ("a", "b"):
        port = free_port()
        log = open(folder / f"server-{name}.log", "wb")
        process = subprocess.Popen(
            [quizapp_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
            env={**env, "QUIZAPP_INSTANCE_PATH": str(folder / f"instance-{name}")},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        servers.append((process, port))
    for (process, port), name in zip(servers, "AB", strict=True):
        wait_for(port, process, f"server {name}")
    return servers


def start_proxy(folder: Path, upstream_ports: list[int]) -> tuple[subprocess.Popen, int]:
    """Start nginx in front of these servers; return (process, port)."""
    port = free_port()
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in upstream_ports)
    conf = folder / f"nginx-{port}.conf"
    conf.write_text(NGINX_CONF.format(folder=folder, port=port, servers=servers), encoding="utf-8")
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(folder)], stderr=subprocess.DEVNULL)
    wait_for(port, process, "nginx")
    return process, port


def load(port: int, database_url: str, options: argparse.Namespace, duration: float) -> dict:
    """Run bench/load.py through the proxy on port; return its figures."""
    command = [
        sys.executable,
        str(ROOT / "bench" / "load.py"),
        "--url",
        f"http://127.0.0.1:{port}",
        "--database-url",
        database_url,
        "--students",
        str(options.students),
        "--concurrency",
        str(options.concurrency),
        "--duration",
        str(duration),
        "--seed",
        "5",
        "--json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if not done.stdout.strip():
        raise SystemExit(f"bench/load.py failed:\n{done.stderr}")
    return json.loads(done.stdout)


def summary(name: str, figures: dict) -> str:
    """Return one line of a run's integrity figures."""
    return (
        f"{name:<34} finished {figures['students_finished']:>4}/{figures['students']:<4}"
        f" answers ok {figures['answers_ok']:>5} stored {figures['answers_stored']:>5}"
        f" lost {figures['answers_lost']} dup {figures['duplicates']}"
        f" unconfirmed {figures['answers_stored_unconfirmed']} 5xx {figures['errors_5xx']}"
        f" conn.err {figures['connection_errors']}"
        f" load {figures['load_average'][0]:.1f}->{figures['load_average'][1]:.1f}"
    )


def main() -> int:
    """Start PostgreSQL, two servers and two proxies; run the three loads and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a PostgreSQL server (default: start one with .ci/postgres)")
    parser.add_argument("--students", type=int, default=120)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--duration", type=float, default=6, help="seconds of closed loop per route")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per server (default 1)")
    parser.add_argument("--stop-after", type=float, default=6, help="seconds into run 3 when server B stops")
    options = parser.parse_args()
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} not found: apt-get install nginx")
    server_url = options.database_url
    if not server_url:
        server_url = subprocess.run(
            [str(ROOT / ".ci" / "postgres"), "start"], check=True, capture_output=True, text=True
        ).stdout.strip()
    server_url = normalize_database_url(server_url)
    folder = Path(tempfile.mkdtemp(prefix="quizapp-two-"))
    os.chmod(folder, 0o755)  # nginx's workers (user nobody) read nothing here, but its master must
    database_url, drop = fresh_database(server_url)
    processes: list[subprocess.Popen] = []
    try:
        servers = start_servers(database_url, folder, options.workers)
        processes += [process for process, _ in servers]
        one, one_port = start_proxy(folder, [servers[0][1]])
        both, both_port = start_proxy(folder, [port for _, port in servers])
        processes += [one, both]
        print(f"servers A :{servers[0][1]} and B :{servers[1][1]} ({options.workers} worker(s) each), one PostgreSQL")
        alone = load(one_port, database_url, options, options.duration)
        pair = load(both_port, database_url, options, options.duration)
        stopper = threading.Timer(options.stop_after, lambda: servers[1][0].send_signal(signal.SIGTERM))
        stopper.start()
        failover = load(both_port, database_url, options, options.duration)
        stopper.cancel()
        print(summary("1. proxy -> server A alone", alone))
        print(summary("2. proxy -> servers A and B", pair))
        print(summary(f"3. A and B, B stopped at {options.stop_after:g} s", failover))
        print(f"B's exit status after SIGTERM: {servers[1][0].wait(timeout=60)}")
        print("throughput (requests/s, closed loop) through the proxy:")
        print(f"  {'route':<12}{'A alone':>10}{'A and B':>10}{'ratio':>8}")
        for route, row in alone["throughput"].items():
            a_rate, b_rate = row["per_second"], pair["throughput"][route]["per_second"]
            print(f"  {route:<12}{a_rate:>10.0f}{b_rate:>10.0f}{b_rate / a_rate if a_rate else 0.0:>8.2f}")
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        drop()
        shutil.rmtree(folder, ignore_errors=True)
    runs = (alone, pair, failover)
    bad = any(run["answers_lost"] or run["duplicates"] or run["errors_5xx"] for run in runs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
