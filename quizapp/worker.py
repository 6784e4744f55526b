"""A gunicorn gthread worker that shares the connections with its sibling workers.

gunicorn's gthread workers all wait on one listening socket, and each keeps for its whole life
every keep-alive connection it accepted. When a classroom's 32 connections arrive at once, the
worker that wakes first could accept all of them while the other slept, and the server then
ran on one core of two (issue 15: in 5 of 16 runs). Here every worker publishes how many
connections it holds in a small table shared by the workers (made before they fork), and
accepts only while it holds no more than the fewest any live sibling holds, plus ``SLACK``: the
worker with the fewest always accepts, so none can stall the others. A worker that stops
accepting looks again every ``GATED_POLL`` seconds, since the listener no longer wakes it.

A connection is handed to a thread only once its first request has arrived. A connection that
carries nothing yet (Chrome opens some ahead of time, and they may stay silent for seconds)
waits in the worker's poller, costing no thread, for at most ``IDLE_FIRST_REQUEST`` seconds;
gunicorn's own worker holds a thread for up to 5 s on it first, which with one thread per worker
stalled every request queued behind it.
"""

from __future__ import annotations

import errno
import multiprocessing
import os
import select
import selectors
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

SLACK = 1  # connections a worker may hold beyond the fewest a sibling holds
GATED_POLL = 0.005  # seconds between looks at the table while not accepting
IDLE_FIRST_REQUEST = 5.0  # seconds a new connection may stay silent before it is closed
STALE = 5.0  # seconds without an update after which a slot's worker counts as gone
SLOTS = 64  # workers the table can hold (live ones; a restarted worker takes a free slot)

_table = None  # per slot: pid, connections held, monotonic time of the last update (milliseconds)
_claim = None  # the lock under which a starting worker takes a slot


def prepare() -> None:
    """Make the shared table; call it in the gunicorn master before the workers fork."""
    global _table, _claim
    _table = multiprocessing.RawArray("q", 3 * SLOTS)
    _claim = multiprocessing.Lock()


def _alive(pid: int) -> bool:
    """Return whether a process with this pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SpreadWorker(ThreadWorker):
    """gthread, accepting a new connection only while this worker holds no more than its fair share."""

    slot: int | None = None

    def init_process(self) -> None:
        """Take a free slot in the shared table, then start as gthread does."""
        if _table is not None:
            with _claim:
                for slot in range(SLOTS):
                    pid = _table[3 * slot]
                    if pid == 0 or not _alive(pid):
                        _table[3 * slot : 3 * slot + 3] = [os.getpid(), 0, int(time.monotonic() * 1000)]
                        self.slot = slot
                        break
        super().init_process()

    def publish(self) -> None:
        """Write this worker's connection count and the time to its slot."""
        if self.slot is not None:
            _table[3 * self.slot + 1] = self.nr_conns
            _table[3 * self.slot + 2] = int(time.monotonic() * 1000)

    def fair_to_accept(self) -> bool:
        """Return whether this worker holds no more connections than the fewest a live sibling holds, plus SLACK."""
        if self.slot is None:
            return True
        now = int(time.monotonic() * 1000)
        fewest = self.nr_conns
        for slot in range(SLOTS):
            if slot != self.slot and _table[3 * slot] and now - _table[3 * slot + 2] < STALE * 1000:
                fewest = min(fewest, _table[3 * slot + 1])
        return self.nr_conns <= fewest + SLACK

    def set_accept_enabled(self, enabled: bool) -> None:
        """Accept when gthread would and this worker's share allows it."""
        super().set_accept_enabled(enabled and self.fair_to_accept())

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        """Publish, decide whether to accept, then wait as gthread does (briefly while not accepting)."""
        self.publish()
        accept = self.alive and self.nr_conns < self.worker_connections
        self.set_accept_enabled(accept)
        gated = accept and not self._accepting
        super().wait_for_and_dispatch_events(min(timeout, GATED_POLL) if gated else timeout)

    def accept(self, listener) -> None:
        """Accept one connection; give it a thread if its request is there, else park it in the poller."""
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        if select.select([client_sock], [], [], 0)[0]:
            conn.data_ready = True
            client_sock.setblocking(True)
            self.enqueue_req(conn)
            return
        conn.timeout = time.monotonic() + IDLE_FIRST_REQUEST
        self.pending_conns.append(conn)
        self.poller.register(client_sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))
