"""Ctrl-C interrupts a quota wait at once, with KeyboardInterrupt."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

WAITER = textwrap.dedent("""
    import sys, time
    import pacer

    ONE_AN_HOUR = '''
    [quota.plans.standard]
    windows = [{ id = "orders.GET.rate", group = "orders", method = "GET", kind = "rate", limit = 1, period = "1h" }]'''

    with pacer.Emulator(jobs=30, spec_overrides=ONE_AN_HOUR) as emu:  # real time
        client = pacer.Syncore(api_key=emu.api_key, user_agent="t/1", base_url=emu.base_url,
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
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "waiting"
        time.sleep(0.5)  # well inside the wait
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
        took = time.monotonic() - sent
    finally:
        proc.kill()
    assert "interrupted after" in out, (out, err)
    assert "KeyboardInterrupt" in err, err
    assert proc.returncode != 0
    assert took < 1.0, f"exited {took:.2f}s after SIGINT"


def test_ctrl_c_interrupts_a_quota_wait() -> None:
    run_and_interrupt("client.jobs.get(30001)")


def test_ctrl_c_interrupts_a_wait_for_the_next_page() -> None:
    run_and_interrupt("next(iter(client.payment_types.list()))")
