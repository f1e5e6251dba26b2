"""The GIL is released while pacer talks HTTP or waits, so other Python threads run."""

from __future__ import annotations

import threading
import time

import pacer_sdk
from conftest import make_client, wait_until


def test_other_threads_run_during_a_slow_call(emu: pacer_sdk.Emulator, client: pacer_sdk.Syncore, job_id: int) -> None:
    # Real time is the point here: the GIL must be free while a real response is slow to come
    # (a virtual clock cannot make a server slow). Only the delay is real; when the worker is
    # inside the call is known, not guessed: the emulator logs a request when it arrives
    # (status 0 until it is answered) and holds it for the injected delay.
    emu.inject_fault("delay", delay=0.6, path_contains=f"/jobs/{job_id}")
    since = len(emu.requests())
    done = threading.Event()
    result: list[object] = []

    def slow() -> None:
        result.append(client.jobs.get(job_id))
        done.set()

    def held_by_the_server() -> bool:
        return any(r.status == 0 and r.path.endswith(f"/jobs/{job_id}") for r in emu.requests()[since:])

    worker = threading.Thread(target=slow)
    worker.start()
    wait_until(lambda: held_by_the_server() or done.is_set(), what="the request reaching the emulator")
    assert not done.is_set(), "the main thread could not run while the worker was inside the call"
    spins = 0
    started = time.monotonic()
    while not done.is_set() and time.monotonic() - started < 5:
        spins += 1
    took = time.monotonic() - started
    worker.join()
    assert isinstance(result[0], pacer_sdk.Job)
    assert took >= 0.4, "the call took the injected delay"
    assert spins > 10_000, f"the main thread only ran {spins} loops: the GIL was held"


def test_threads_share_one_client(emu: pacer_sdk.Emulator, job_id: int) -> None:
    client = make_client(emu)
    errors: list[BaseException] = []
    ids: list[int] = []

    def work() -> None:
        try:
            for _ in range(10):
                ids.append(int(client.jobs.get(job_id).id))
            ids.extend(int(t.id) for t in client.payment_types.list())
        except BaseException as e:  # noqa: BLE001 - surfaced below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ids.count(job_id) == 40
    used = {w.window: w.used for w in client.quota.status()}
    assert used["orders.GET.daily"] >= 44, "every thread's calls went through one ledger"
