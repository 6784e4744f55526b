"""Time `make run` on a fresh clone: from `make run` to the first answer of the server.

    python3 bench/first_run.py                    # this checkout's HEAD
    python3 bench/first_run.py --ref 7f5ffc6      # another commit, for a before/after pair
    python3 bench/first_run.py --ref 7f5ffc6 --ref HEAD --rounds 2   # interleaved pairs

Each run clones the repository into a temporary folder (so nothing of this checkout's .venv or
instance/ is reused), runs `make run PORT=<free port>` there, polls /healthz every 0.1 s and
prints the seconds until it answered, then stops the server and deletes the folder. pip's cache
is a fresh empty folder per run unless --warm-cache, so every run downloads (or copies from the
local wheel folders pip is configured with) what it installs, as on a new laptop. Runs of several
refs are interleaved, so other work on a shared machine spoils a round rather than one ref; the
CPU seconds the run cost (venv, pip, server start) are printed too, being steadier than the wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def resolve(ref: str) -> str:
    """Return the commit hash of ref in this repository."""
    return subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", ref], check=True, capture_output=True, text=True
    ).stdout.strip()


def answered(url: str) -> bool:
    """Return whether the server at url answers /healthz."""
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


def children_cpu() -> float:
    """Return the CPU seconds (user and system) used so far by this script's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(commit: str, warm_cache: bool, timeout: float) -> tuple[float, float, list[str]]:
    """Clone at commit, time `make run` until the server answers; return (seconds, CPU seconds, packages)."""
    with tempfile.TemporaryDirectory(prefix="quizapp-first-run-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", "--detach", commit], check=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUIZAPP_") and k != "DATABASE_URL"}
        if not warm_cache:
            env["PIP_CACHE_DIR"] = str(Path(tmp) / "pip-cache")
        port = free_port()
        log = Path(tmp) / "make.log"
        with log.open("wb") as out:
            cpu = children_cpu()
            start = time.monotonic()
            process = subprocess.Popen(
                ["make", "run", f"PORT={port}"],
                cwd=clone,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                while not answered(f"http://127.0.0.1:{port}"):
                    if process.poll() is not None:
                        sys.exit(f"make run exited with {process.returncode}:\n{log.read_text(errors='replace')}")
                    if time.monotonic() - start > timeout:
                        sys.exit(f"no answer after {timeout} s:\n{log.read_text(errors='replace')}")
                    time.sleep(0.1)
                elapsed = time.monotonic() - start
            finally:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            # make's children (venv, pip, the server) are reaped by make, so their CPU counts here;
            # unlike the wall time, it hardly moves with other work on a shared machine.
            cpu = children_cpu() - cpu
        freeze = subprocess.run(
            [str(clone / ".venv" / "bin" / "python"), "-m", "pip", "freeze", "--exclude-editable"],
            check=False,
            capture_output=True,
            text=True,
        ).stdout.split()
        shutil.rmtree(clone, ignore_errors=True)
        return elapsed, cpu, freeze


def main() -> None:
    """Parse the options, run the rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", action="append", help="commit or branch to time (repeatable; default HEAD)")
    parser.add_argument("--rounds", type=int, default=1, help="runs per ref, interleaved (default 1)")
    parser.add_argument("--warm-cache", action="store_true", help="use pip's usual cache instead of an empty one")
    parser.add_argument("--timeout", type=float, default=600)
    options = parser.parse_args()
    refs = options.ref or ["HEAD"]
    commits = {ref: resolve(ref) for ref in refs}
    times: dict[str, list[float]] = {ref: [] for ref in refs}
    cpus: dict[str, list[float]] = {ref: [] for ref in refs}
    for round_number in range(1, options.rounds + 1):
        for ref in refs:
            seconds, cpu, packages = one_run(commits[ref], options.warm_cache, options.timeout)
            times[ref].append(seconds)
            cpus[ref].append(cpu)
            tools = sorted(
                p.split("==")[0]
                for p in packages
                if p.split("==")[0].lower() in {"pytest", "playwright", "hypothesis", "axe-playwright-python", "build"}
            )
            print(
                f"round {round_number}: {ref} ({commits[ref][:7]}): server answered after {seconds:.1f} s "
                f"({cpu:.1f} s of CPU); "
                f"{len(packages)} packages installed; test tools: {', '.join(tools) or 'none'}",
                flush=True,
            )
    for ref in refs:
        print(
            f"{ref} ({commits[ref][:7]}): median {statistics.median(times[ref]):.1f} s over {len(times[ref])} run(s) "
            f"({', '.join(f'{t:.1f}' for t in times[ref])}); CPU median {statistics.median(cpus[ref]):.1f} s "
            f"({', '.join(f'{t:.1f}' for t in cpus[ref])})"
        )


if __name__ == "__main__":
    main()
