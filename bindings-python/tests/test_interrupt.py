"""Ctrl-C interrupts a quota wait at once, with KeyboardInterrupt.

Real time is the point of these tests: the child waits on the real clock (a virtual clock would
end the hour-long wait at once by moving the clock), and the signal must land while that wait is
in progress. When the wait has begun is not guessed: the child runs with PACER_LOG, and pacer
logs `Waiting` on stderr as its driver starts to wait."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

WAITER = textwrap.dedent("""
    import sys, time
    import pacer_sdk

    ONE_AN_HOUR = '''
    [quota.plans.standard]
    windows = [{ id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 1, period = "1h" }]'''

    with pacer_sdk.Emulator(jobs=30, spec_overrides=ONE_AN_HOUR) as emu:  # real time
        client = pacer_sdk.Syncore(api_key=emu.api_key, user_agent="t/1", base_url=emu.base_url, clock=emu.clock,
                               ledger="memory", spec_overrides=ONE_AN_HOUR)
        client.card_types.list().to_list()
        print("waiting", flush=True)
        started = time.monotonic()
        try:
            ACTION  # the second read must wait an hour for the window
        except KeyboardInterrupt:
            print(f"interrupted after {time.monotonic() - started:.2f}s", flush=True)
            raise
        print("not interrupted", flush=True)
""")


def run_and_interrupt(action: str) -> None:
    script = WAITER.replace("ACTION", action)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PACER_LOG": "1"})
    # A child that hangs is killed, so the test fails instead of hanging. (A timer, not
    # communicate(timeout=...), whose polling uses time.sleep, which fails under libfaketime.)
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.readline().strip() == "waiting"
        logged: list[str] = []
        while not (line := proc.stderr.readline()).startswith("pacer: Waiting"):
            assert line, f"the child ended without waiting: {''.join(logged)}"
            logged.append(line)
        assert "rate window orders.get.rate" in line, line  # the hour-long wait for the window
        # The driver is in its wait now; a real pause puts the signal in the middle of it.
        threading.Event().wait(0.3)  # (not time.sleep, which fails under libfaketime)
        assert proc.poll() is None, "still waiting"
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate()
        took = time.monotonic() - sent
    finally:
        watchdog.cancel()
        proc.kill()
    assert "interrupted after" in out, (out, err)
    assert "KeyboardInterrupt" in err, err
    assert proc.returncode != 0
    assert took < 1.0, f"exited {took:.2f}s after SIGINT"


def test_ctrl_c_interrupts_a_quota_wait() -> None:
    run_and_interrupt("client.jobs.get(30001)")


def test_ctrl_c_interrupts_a_wait_for_the_next_page() -> None:
    run_and_interrupt("next(iter(client.payment_types.list()))")
