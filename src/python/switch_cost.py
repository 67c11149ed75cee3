"""switch-cost (线程切换): what one switch costs, and too many tasks.

First the cost of a switch itself, by ping-pong: one side hands a turn to the
other and sleeps until it comes back; each round trip is two switches. Three
ways, each named for what it is:

- raw pipes between two processes: os.write() one byte, os.read() the answer,
  nothing else (the child is a second interpreter reading and writing its raw
  stdin/stdout). This is the OS's own price of a wake-up and a switch, and the
  one the "time spent switching" is priced at;
- threading.Semaphore between two threads: what Python's own primitive costs,
  interpreter and GIL hand-over included;
- multiprocessing.Pipe between two processes: the same, with its framing.

Then the same total work split over 1, 2, 4, ... processes (processes, not
threads: Python threads take turns under the GIL, see spin). Up to the core
count the work gets done faster; past it, the OS has to switch between them
(context switches, counted by the OS: getrusage) and the throughput stops
rising, then falls once there are far more of them than cores. The time spent
switching is the OS's count of switches times the raw price of one; what
each point used of the CPU (getrusage, this process and its children) lets
ProcLab tell it from what other programs used meanwhile.

By hand:  python3 switch_cost.py '{"roundTrips": 20000, "maxCount": 16}'
"""

import multiprocessing
import os
import subprocess
import sys
import threading
import time

import proclab

try:
    import resource
except ImportError:  # Windows: no getrusage, so no switch counts
    resource = None


# ---- ping-pong ----

# The other end of the raw ping-pong: a second interpreter that echoes each byte
# on its raw stdin/stdout file descriptors (no Python buffering, no framing).
ECHO = "import os\nwhile True:\n    b = os.read(0, 1)\n    if not b:\n        break\n    os.write(1, b)\n"


def raw_round_trip(n):
    """Microseconds per round trip between this process and a child: one byte each way, os.write/os.read on pipes."""
    child = subprocess.Popen([sys.executable, "-c", ECHO], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    proclab.adopt(child.pid, "raw pipe echo")
    w, r = child.stdin.fileno(), child.stdout.fileno()
    os.write(w, b"x")  # the child is up and reading before the clock starts
    os.read(r, 1)
    t0 = time.perf_counter()
    for _ in range(n):
        os.write(w, b"x")
        os.read(r, 1)
    elapsed = time.perf_counter() - t0
    child.stdin.close()
    child.wait()
    proclab.exited(child.pid, child.returncode)
    return elapsed / n * 1e6


def pong_thread(ping, pong, n):
    proclab.thread("pong")
    for _ in range(n):
        ping.acquire()
        pong.release()


def semaphore_round_trip(n):
    """Microseconds per round trip between two threads of this process, by threading.Semaphore."""
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


def mp_pipe_round_trip(n):
    """Microseconds per round trip between this process and a child, by multiprocessing.Pipe."""
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


def cpu_seconds():
    """CPU this process and its waited-for children have used so far (getrusage), or None."""
    if resource is None:
        return None
    return sum(
        ru.ru_utime + ru.ru_stime for ru in (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    )


def share(steps, ready, go, results):
    ready.put(os.getpid())
    go.wait()
    v0, i0 = switches()
    # This process's CPU (the queue's feeder thread sleeps meanwhile): how fast its core went, which wall time hides.
    c0 = time.process_time()
    t0 = time.perf_counter()
    work(steps)
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - c0) * 1000
    v1, i1 = switches()
    results.put((ms, None if v0 is None else v1 - v0, None if i0 is None else i1 - i0, cpu_ms))


def point(count, steps):
    ready, results, go = multiprocessing.Queue(), multiprocessing.Queue(), multiprocessing.Event()
    cpu0 = cpu_seconds()
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
    # Every worker has been waited for: RUSAGE_CHILDREN now holds all of their CPU.
    cpu1 = cpu_seconds()
    whole_ms = (time.perf_counter() - t0) * 1000

    def total(i):
        values = [s[i] for s in shares]
        return None if any(v is None for v in values) else sum(values)

    return {
        "count": count,
        "ms": round(ms),
        "startMs": round(start_ms),
        "throughput": round(steps * count / 1000 / ms),
        "overall": round(steps * count / 1000 / whole_ms),
        "voluntary": total(1),
        "involuntary": total(2),
        "workCpuMs": round(total(3), 1),
        "oursCpu": None if cpu0 is None else round((cpu1 - cpu0) / (whole_ms / 1000) * 100, 1),
    }


def counts(most):
    """1, 2, 4, ... below `most`, then `most`."""
    return [2**i for i in range(most.bit_length()) if 2**i < most] + [most]


def main():
    opts = proclab.options()
    n = int(opts.get("roundTrips", 20000))
    most = int(opts.get("maxCount", 16))
    # Python runs such loops tens of times slower than V8 (cpu-vs-io measures it on this machine): a fiftieth of the steps.
    total_steps = int(opts.get("workM", 600)) * 1_000_000 // 50
    proclab.thread("MainThread")

    trips = []
    for step, measure, what in (
        ("raw", raw_round_trip, "raw pipes (os.write/os.read) between two processes"),
        ("threads", semaphore_round_trip, "threading.Semaphore between two threads"),
        ("processes", mp_pipe_round_trip, "multiprocessing.Pipe between two processes"),
    ):
        proclab.live({"step": step})
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        us = measure(n)
        wall = time.perf_counter() - t0
        print("ping-pong, %s: %.1f us per round trip (%d round trips)" % (what, us, n))
        trips.append(
            {
                "id": {"raw": "rawPipe", "threads": "pySemaphore", "processes": "mpPipe"}[step],
                "us": round(us, 1),
                # Its own CPU (both ends: the other one has been waited for), beside what ProcLab sees of the machine.
                "oursCpu": None if cpu0 is None else round((cpu_seconds() - cpu0) / wall * 100, 1),
            }
        )
    ping_pong = {"roundTrips": n, "raw": "rawPipe", "trips": trips}
    proclab.send({"type": "pingPong", "pingPong": ping_pong})

    points = []
    for count in counts(most):
        proclab.live({"step": "sweep", "count": count})
        p = point(count, total_steps // count)
        points.append(p)
        proclab.send({"type": "point", "point": p})
        print(
            "%3d processes: %5d ms (+%d ms to start them), %5d M steps/s, %s voluntary and %s involuntary switches"
            % (count, p["ms"], p["startMs"], p["throughput"], p["voluntary"], p["involuntary"])
        )
    proclab.result(
        {"kind": "processes", "totalSteps": total_steps, "cores": os.cpu_count(), "pingPong": ping_pong, "points": points}
    )


if __name__ == "__main__":
    main()
