"""After os.fork(): a child builds and uses clients, and processes on one SQLite ledger
share one budget."""

from __future__ import annotations

import multiprocessing
import os
import pathlib
import signal
import threading
from typing import Any

import pytest

import pacer_sdk
from conftest import UA, days_before, make_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SMALL_WINDOW = """
[quota.plans.standard]
windows = [
  { id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 10, period = "1s" },
]"""


def run_in_child(work: Any) -> int:
    """Forks; the child runs `work()` and exits 0 when it returned True. Returns the status."""
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            code = 0 if work() else 3
        except BaseException as e:  # noqa: BLE001 - report anything, then leave at once
            print("child failed:", repr(e), flush=True)
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_forked_child_builds_and_uses_clients(emu: pacer_sdk.Emulator, job_id: int) -> None:
    parent = make_client(emu)
    assert parent.jobs.get(job_id).id == job_id  # the parent's runtime and connections exist

    def child() -> bool:
        fresh = make_client(emu)
        assert fresh.jobs.get(job_id).id == job_id
        assert len(fresh.card_types.list().to_list()) > 0
        # The inherited client works too: it is rebuilt for this process on first use.
        assert parent.jobs.get(job_id).id == job_id
        return True

    assert run_in_child(child) == 0
    assert parent.jobs.get(job_id).id == job_id, "the parent is unaffected"


def pool_worker(args: tuple[str, str, str, int]) -> int:
    base_url, clock, key, job_id = args
    # A worker process follows the emulator's virtual clock through its admin API.
    client = pacer_sdk.Syncore(api_key=key, user_agent=UA, base_url=base_url, clock=clock, ledger="memory")
    job = client.jobs.get(job_id)
    return int(job.id or 0)


def test_multiprocessing_fork_workers(emu: pacer_sdk.Emulator, job_id: int) -> None:
    make_client(emu).jobs.get(job_id)
    with multiprocessing.get_context("fork").Pool(2) as pool:
        got = pool.map(pool_worker, [(emu.base_url, emu.clock_setting, emu.api_key, job_id)] * 4)
    assert got == [job_id] * 4


def test_two_processes_on_one_sqlite_ledger_never_exceed_a_window(tmp_path: pathlib.Path) -> None:
    ledger = f"sqlite://{tmp_path}/shared.db"
    # Virtual time in lockstep: each child joins the emulator's lockstep clock, which moves only
    # when every joined process waits, and then to the earliest instant any of them waits for.
    # A request in flight in one process never sees the other's wait pass it by, so the server
    # judges arrivals on one clock, and the schedule is exact instead of real time's.
    with pacer_sdk.Emulator(virtual_clock=True, jobs=200, spec_overrides=SMALL_WINDOW) as emu:
        setup = make_client(emu, ledger=ledger, spec_overrides=SMALL_WINDOW)
        job = next(iter(setup.jobs.search(date_from=days_before(emu, 30), date_to=days_before(emu, 0))))
        since = len(emu.requests())
        lockstep = f"lockstep:{emu.root_url}"
        # The test joins too, holding time still until both children have joined, so they
        # contend for the same windows from the first one on.
        gate = pacer_sdk.Clock(lockstep)
        joined, joined_w = os.pipe()

        def child() -> bool:
            clock = pacer_sdk.Clock(lockstep)
            os.write(joined_w, b"j")
            c = pacer_sdk.Syncore(api_key=emu.api_key, user_agent=UA, base_url=emu.base_url, clock=clock,
                                  ledger=ledger, spec_overrides=SMALL_WINDOW)
            ok = all(c.jobs.get(job.id).id == job.id for _ in range(15))
            del c, clock  # leaves the lockstep clock, so the other child is not held back
            return ok

        pids = []
        for _ in range(2):
            pid = os.fork()
            if pid == 0:
                try:
                    os._exit(0 if child() else 3)
                except BaseException:  # noqa: BLE001
                    os._exit(2)
            pids.append(pid)
        os.close(joined_w)
        # A child left waiting on the lockstep clock would wait forever: kill them on a hang.
        watchdog = threading.Timer(60, lambda: [os.kill(p, signal.SIGKILL) for p in pids])
        watchdog.start()
        try:
            assert os.read(joined, 1) + os.read(joined, 1) == b"jj", "both children joined"
            t0 = emu.now()
            del gate  # time may move now
            codes = [os.waitstatus_to_exitcode(os.waitpid(p, 0)[1]) for p in pids]
        finally:
            watchdog.cancel()
            os.close(joined)
        assert codes == [0, 0]
        gets = [r for r in emu.requests()[since:] if r.endpoint == "jobs.get"]
        assert len(gets) == 30
        assert all(r.status == 200 for r in gets), "the server never had to refuse"
        times = sorted(r.at_ms for r in gets)
        for i in range(len(times) - 10):
            assert times[i + 10] - times[i] > 1000, "11 requests within one second"
        assert times[-1] - times[0] >= 2000, "30 requests at 10 a second take at least two seconds"
        # Exactly: the first window's slots at once (the setup search took one), then ten each
        # time the window frees (a second, plus the client's margin), then the last one.
        instants = sorted(set(times))
        assert instants[0] == int(t0.timestamp() * 1000), "the first reads went out at once"
        assert [times.count(t) for t in instants] == [9, 10, 10, 1], times
        step = instants[1] - instants[0]
        assert 1000 < step <= 1500 and all(b - a == step for a, b in zip(instants, instants[1:])), instants
