"""switch-cost (线程切换): what one switch costs, and too many tasks.

First the cost of a switch itself, by ping-pong: two threads hand a turn back
and forth (each sleeps until the other wakes it: threading.Semaphore), then
two processes do the same over a pipe (multiprocessing.Pipe). Each round trip
is two switches; the time per round trip is the price of switching.

Then the same total work split over 1, 2, 4, ... processes (processes, not
threads: Python threads take turns under the GIL, see spin). Up to the core
count the work gets done faster; past it, the OS has to switch between them
(involuntary context switches, counted by the OS: getrusage) and the
throughput stops rising, or falls.

By hand:  python3 switch_cost.py '{"roundTrips": 20000, "maxCount": 16}'
"""

import multiprocessing
import os
import threading
import time

import proclab

try:
    import resource
except ImportError:  # Windows: no getrusage, so no switch counts
    resource = None


# ---- ping-pong ----


def pong_thread(ping, pong, n):
    proclab.thread("pong")
    for _ in range(n):
        ping.acquire()
        pong.release()


def threads_round_trip(n):
    """Microseconds per round trip between two threads of this process."""
    ping, pong = threading.Semaphore(0), threading.Semaphore(0)
    t = threading.Thread(target=pong_thread, args=(ping, pong, n), name="pong")
    t.start()
    t0 = time.perf_counter()
    for _ in range(n):
        ping.release()
        pong.acquire()
    elapsed = time.perf_counter() - t0
    t.join()
    return elapsed / n * 1e6


def pong_process(conn, n):
    for _ in range(n):
        conn.send_bytes(conn.recv_bytes())


def processes_round_trip(n):
    """Microseconds per round trip between this process and a child, over a pipe."""
    here, there = multiprocessing.Pipe()
    p = multiprocessing.Process(target=pong_process, args=(there, n + 1), name="pong")
    p.start()
    proclab.adopt(p.pid, "pong process")
    here.send_bytes(b"x")  # the child is up and running before the clock starts
    here.recv_bytes()
    t0 = time.perf_counter()
    for _ in range(n):
        here.send_bytes(b"x")
        here.recv_bytes()
    elapsed = time.perf_counter() - t0
    p.join()
    proclab.exited(p.pid, p.exitcode)
    return elapsed / n * 1e6


# ---- the same work over more and more processes ----


def work(steps):
    x = 0
    for i in range(steps):
        x = x ^ i
    return x


def switches():
    if resource is None:
        return None, None
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_nvcsw, ru.ru_nivcsw


def share(steps, ready, go, results):
    ready.put(os.getpid())
    go.wait()
    v0, i0 = switches()
    t0 = time.perf_counter()
    work(steps)
    ms = (time.perf_counter() - t0) * 1000
    v1, i1 = switches()
    results.put((ms, None if v0 is None else v1 - v0, None if i0 is None else i1 - i0))


def point(count, steps):
    ready, results, go = multiprocessing.Queue(), multiprocessing.Queue(), multiprocessing.Event()
    t0 = time.perf_counter()
    procs = [
        multiprocessing.Process(target=share, args=(steps, ready, go, results), name="work-%d.%d" % (count, i + 1))
        for i in range(count)
    ]
    for i, p in enumerate(procs):
        p.start()
        proclab.adopt(p.pid, "switch-cost process %d/%d" % (i + 1, count))
    for _ in procs:
        ready.get()
    start_ms = (time.perf_counter() - t0) * 1000
    go_at = time.perf_counter()
    go.set()
    shares = [results.get() for _ in procs]
    ms = (time.perf_counter() - go_at) * 1000
    for p in procs:
        p.join()
        proclab.exited(p.pid, p.exitcode)

    def total(i):
        values = [s[i] for s in shares]
        return None if any(v is None for v in values) else sum(values)

    return {
        "count": count,
        "ms": round(ms),
        "startMs": round(start_ms),
        "throughput": round(steps * count / 1000 / ms),
        "voluntary": total(1),
        "involuntary": total(2),
    }


def counts(most):
    """1, 2, 4, ... below `most`, then `most`."""
    return [2**i for i in range(most.bit_length()) if 2**i < most] + [most]


def main():
    opts = proclab.options()
    n = int(opts.get("roundTrips", 20000))
    most = int(opts.get("maxCount", 16))
    # Python runs this loop some 50 times slower than V8: the same total takes a fiftieth of the steps.
    total_steps = int(opts.get("workM", 600)) * 1_000_000 // 50
    proclab.thread("MainThread")

    proclab.live({"step": "threads"})
    t_us = threads_round_trip(n)
    print("ping-pong between two threads: %.1f us per round trip (%d round trips)" % (t_us, n))
    proclab.live({"step": "processes"})
    p_us = processes_round_trip(n)
    print("ping-pong between two processes over a pipe: %.1f us per round trip" % p_us)
    ping_pong = {
        "roundTrips": n,
        "threadsUs": round(t_us, 1),
        "processesUs": round(p_us, 1),
    }
    proclab.send({"type": "pingPong", "pingPong": ping_pong})

    points = []
    for count in counts(most):
        proclab.live({"step": "sweep", "count": count})
        p = point(count, total_steps // count)
        points.append(p)
        proclab.send({"type": "point", "point": p})
        print(
            "%3d processes: %5d ms, %5d M steps/s, %s involuntary switches"
            % (count, p["ms"], p["throughput"], p["involuntary"])
        )
    proclab.result(
        {"kind": "processes", "totalSteps": total_steps, "cores": os.cpu_count(), "pingPong": ping_pong, "points": points}
    )


if __name__ == "__main__":
    main()
