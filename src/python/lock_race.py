"""lock-race (Lock): the tutorial's change_it() race, in CPython as it really behaves.

The tutorial's threads each run change_it(n) -- balance = balance + n, then
balance = balance - n -- and says the balance ends away from 0 without a lock.
On CPython 3.10 to 3.12 with the GIL, the interpreter checks for a request to
hand the GIL over only at a few points in the bytecode: the start of a function
call and a loop's jump back. change_it() has none of them between reading
balance and writing it back, so on those builds the tutorial's loop happens to
lose nothing, however short the switch interval (sys.setswitchinterval). That is
an accident of this build, not a guarantee: free-threaded Python (3.13t, 3.14t),
older versions and other implementations lose updates with the same code. Put a
call inside the critical section (balance = add(balance, n)) and there is a
switch point between the read and the write: updates are lost, on every build.
threading.Lock makes the same code safe again.

Rounds, each with the same threads and iterations:
  plain        the tutorial's change_it(), default switch interval, no lock
  plain-short  the same with the switch interval shortened
  call         a call inside the critical section, default switch interval
  call-short   a call inside the critical section, short switch interval
  locked       call-short holding threading.Lock, as the tutorial's run_thread()

A second shared variable, `changes`, is bumped the same unprotected way, so
the updates that were lost can be counted (the balance alone can hide them:
a lost +5 and a lost -5 cancel).

Manual mode ("be the scheduler", the option schedule: manual): you are the
scheduler. Thread-1 adds 5 and Thread-2 adds 8 to the balance (balance =
balance + n, the half of change_it() that can lose an update), each addition
split into the steps the machine really takes: read the balance into a local
(local = balance), compute (local = local + n), write it back (balance =
local). Before every step each thread stops at a gate and sleeps on its own
threading.Event until you let it take that one step (ProcLab's Scheduler in
proclab.py). The balance is this program's real global variable. Let
Thread-1 read, then Thread-2 read, then both write: one update is lost, in
the real variable, and the balance ends short of what the additions make.
With the lock (mode: locked), a thread that steps into lock.acquire() while
the other holds it really blocks in the kernel until the holder releases it;
then no interleaving you choose can lose an update. Few iterations (1 to 10;
2 when more are asked). The line of each step carries "# step: <name>".

Run by hand: python3 lock_race.py
Manual by hand: python3 lock_race.py '{"schedule": "manual"}'  (type 1 or 2, Enter)
"""

import sys
import threading
import time

import proclab

balance = 0
changes = 0


def change_it(n):
    # The tutorial's change_it(): first add, then take away; it should stay 0.
    global balance, changes
    balance = balance + n
    changes = changes + 1
    balance = balance - n
    changes = changes + 1


def add(a, b):
    return a + b


def change_it_calling(n):
    # The same, with a call between reading and writing: a point where the
    # interpreter may switch threads.
    global balance, changes
    balance = add(balance, n)
    changes = add(changes, 1)
    balance = add(balance, -n)
    changes = add(changes, 1)


def run_thread(n, iterations, change, lock, start, span):
    proclab.thread(threading.current_thread().name)
    start.wait()  # everyone starts together
    span.append(time.perf_counter())
    if lock is None:
        for i in range(iterations):
            change(n)
    else:
        for i in range(iterations):
            # First take the lock:
            lock.acquire()
            try:
                # Change it without worry:
                change(n)
            finally:
                # Always release the lock when done:
                lock.release()
    span.append(time.perf_counter())


def race(name, amounts, iterations, change, switch_s, locked, break_lock=False):
    global balance, changes
    balance = 0
    changes = 0
    lock = threading.Lock() if locked and not break_lock else None
    start = threading.Barrier(len(amounts) + 1)
    spans = [[] for n in amounts]  # when each thread started and ended its loop
    threads = [
        threading.Thread(
            target=run_thread, args=(n, iterations, change, lock, start, spans[i]), name="%s-%d" % (name, i + 1)
        )
        for i, n in enumerate(amounts)
    ]
    before = sys.getswitchinterval()
    sys.setswitchinterval(switch_s)
    try:
        for t in threads:
            t.start()
        start.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        ms = (time.perf_counter() - t0) * 1000
    finally:
        sys.setswitchinterval(before)
    expected = 2 * len(amounts) * iterations
    # How long every thread was in its loop at once: from the last start to the first end.
    overlap_ms = (min(s[1] for s in spans) - max(s[0] for s in spans)) * 1000
    print(
        "%-11s balance = %d, %d of %d updates lost, %.0f ms (threads together %.1f ms; switch interval %g ms%s)"
        % (
            name,
            balance,
            expected - changes,
            expected,
            ms,
            overlap_ms,
            switch_s * 1000,
            ", with the lock" if locked else "",
        )
    )
    return {
        "id": name,
        "locked": locked,
        "call": change is change_it_calling,
        "switchS": switch_s,
        "balance": balance,
        "changes": changes,
        "expectedChanges": expected,
        "ms": round(ms),
        "overlapMs": round(overlap_ms, 1),
    }


# ---- manual mode: you are the scheduler ----

writes = 0  # how many writes of the balance happened so far
overwritten = set()  # the writes another thread wrote over without having read them: lost updates


def run_thread_stepwise(n, iterations, lock, sched):
    # balance = balance + n as the machine runs it, one step per gate: the first half of the
    # tutorial's change_it(n), the half that can lose an update (the minus half would only double
    # the steps; Node.js's program takes the same steps). `local` is this thread's own copy of the
    # balance, as a CPU register would be.
    global balance, writes
    proclab.thread(threading.current_thread().name)
    local = None
    for i in range(1, iterations + 1):
        if lock is not None:
            sched.gate("acquire", lock=lock.name, iteration=i, local=local)
            lock.acquire()  # step: acquire
        sched.gate("read", iteration=i, local=local)
        local = balance  # step: read
        seen = writes  # (bookkeeping: which writes this thread has seen)
        sched.gate("compute", params={"amount": n}, local=local)
        local = local + n  # step: compute
        sched.gate("write", local=local)
        balance = local  # step: write
        overwritten.update(range(seen, writes))  # writes since our read: we wrote over them unseen
        writes += 1
        if lock is not None:
            sched.gate("release", lock=lock.name, local=local)
            lock.release()  # step: release
    sched.done(local=local)


def manual(o, threads, amounts):
    global balance, writes
    iterations = int(o.get("iterations", 2))
    if not 1 <= iterations <= 10:
        iterations = 2  # a learner steps every one of them: a few are enough
    locked = o.get("mode") == "locked"
    balance = writes = 0
    overwritten.clear()
    names = ["Thread-%d" % (i + 1) for i in range(threads)]
    expected_balance = sum(amounts) * iterations
    sched = proclab.Scheduler(names, lambda: {"balance": balance, "expected": expected_balance})
    lock = sched.lock("lock") if locked else None
    workers = [
        threading.Thread(target=run_thread_stepwise, args=(n, iterations, lock, sched), name=name, daemon=True)
        for name, n in zip(names, amounts)
    ]
    print(
        "manual schedule: %d threads x %d additions (balance = balance + n), %s; you choose who takes the next step"
        % (threads, iterations, "with the lock" if locked else "without a lock")
    )
    for t in workers:
        t.start()
    sched.ready()
    sched.listen()
    if not sched.wait_finished(proclab.stopping):
        return  # stopped before the end: no result
    expected = threads * iterations
    lost = len(overwritten)
    print("balance = %d (expected %d), %d of %d updates lost" % (balance, expected_balance, lost, expected))
    proclab.result(
        {
            "language": "python",
            "python": "%d.%d.%d" % sys.version_info[:3],
            "threads": threads,
            "iterations": iterations,
            "amounts": amounts,
            "schedule": "manual",
            "steps": sched.state()["steps"],
            "rounds": [
                {
                    "id": "locked" if locked else "unlocked",
                    "locked": locked,
                    "balance": balance,
                    "changes": expected - lost,
                    "expectedChanges": expected,
                    "ms": 0,
                }
            ],
        }
    )


# The tutorial uses 5 and 8; more threads take the next amounts.
AMOUNTS = [5, 8, 13, 21, 34, 55, 89, 144]


def main():
    o = proclab.options()
    threads = int(o.get("threads", 2))
    iterations = int(o.get("iterations", 100000))
    mode = o.get("mode", "both")
    short_s = float(o.get("shortSwitchUs", 1)) / 1e6
    amounts = AMOUNTS[:threads]
    if o.get("schedule") == "manual":
        manual(o, threads, amounts)
        return
    default_s = sys.getswitchinterval()
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    print(
        "Python %s, GIL %s, switch interval %g ms: %d threads x %d change_it() calls"
        % (sys.version.split()[0], "on" if gil else "off", default_s * 1000, threads, iterations)
    )
    plan = []
    if mode in ("both", "unlocked"):
        plan += [
            ("plain", change_it, default_s, False),
            ("plain-short", change_it, short_s, False),
            ("call", change_it_calling, default_s, False),
            ("call-short", change_it_calling, short_s, False),
        ]
    if mode in ("both", "locked"):
        plan.append(("locked", change_it_calling, short_s, True))
    rounds = []
    for name, change, switch_s, locked in plan:
        rounds.append(race(name, amounts, iterations, change, switch_s, locked, bool(o.get("breakLock"))))
        proclab.live({"rounds": rounds})
    proclab.result(
        {
            "language": "python",
            "python": "%d.%d.%d" % sys.version_info[:3],
            "gil": gil,
            "switchS": default_s,
            "shortSwitchS": short_s,
            "threads": threads,
            "iterations": iterations,
            "amounts": amounts,
            "rounds": rounds,
        }
    )


if __name__ == "__main__":
    main()
