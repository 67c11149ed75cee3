"""spin (多核CPU / GIL): the tutorial's busy loop, as Python threads, as
Python processes, and as tasks on one asyncio event loop.

The tutorial starts one loop() per core as threading.Thread and sees about
100 % CPU however many cores there are: the GIL lets one thread run Python
code at a time. Its remedy is processes: each Python process has its own GIL,
so N processes fill N cores. ProcLab runs this program once per way and
measures the CPU of its processes by the OS's own count.

By hand:  python3 spin.py '{"mode": "threads", "seconds": 10}'  (watch top or htop)
"""

import asyncio
import multiprocessing
import os
import signal
import sys
import threading
import time

import proclab


def loop():
    # The tutorial's loop, exactly.
    x = 0
    while True:
        x = x ^ 1


def named_loop(name):
    proclab.thread(name)
    loop()


def spin_threads(n):
    for i in range(n):
        t = threading.Thread(target=named_loop, args=("spin-%d" % (i + 1),), daemon=True)
        t.start()
    print("%d threads running loop() in process %d" % (n, os.getpid()))
    return [os.getpid()]


def spin_processes(n):
    procs = []
    for i in range(n):
        # daemon: ended when this program ends, however it ends.
        p = multiprocessing.Process(target=loop, name="spin-proc-%d" % (i + 1), daemon=True)
        p.start()
        proclab.adopt(p.pid, "spin process %d" % (i + 1))
        # The child's only thread, named for ProcLab's thread list.
        proclab.send({"type": "thread", "pid": p.pid, "tid": p.pid, "name": p.name})
        procs.append(p)
    print("%d processes running loop(): %s" % (n, " ".join(str(p.pid) for p in procs)))
    return procs


async def one_task(stop):
    # The same loop, cut into slices: a task must give the loop back (await) to let another run.
    x = 0
    while not stop.is_set():
        for _ in range(10000):
            x = x ^ 1
        await asyncio.sleep(0)


async def spin_event_loop(n, seconds):
    stop = asyncio.Event()
    # ProcLab's SIGTERM ends the tasks through the loop: raised as SystemExit inside a
    # task, it would end the program with "Task exception was never retrieved".
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError):
        pass  # Windows' loops take no signal handlers: the process is ended as a whole there
    tasks = [asyncio.create_task(one_task(stop)) for _ in range(n)]
    print("%d tasks running the loop on one asyncio event loop (thread %d)" % (n, threading.get_native_id()))
    proclab.send({"type": "spinning", "pids": [os.getpid()]})
    # Until the time is up, ProcLab says stop (proclab.listen()) or SIGTERM came, giving the loop back meanwhile.
    until = time.monotonic() + seconds
    while time.monotonic() < until and not proclab.stopping.is_set() and not stop.is_set():
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*tasks)


def main():
    opts = proclab.options()
    mode = opts.get("mode", "threads")
    n = int(opts.get("count") or multiprocessing.cpu_count())
    seconds = float(opts.get("seconds", 10))
    # ProcLab ends the run with SIGTERM once it has measured: exit normally, so the
    # daemon processes are ended with this one rather than left spinning.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # ProcLab's "stop" on stdin does the same on every OS; on Windows it is the only way
    # (a signal there ends python.exe alone and would leave the processes spinning).
    proclab.listen()
    proclab.thread("MainThread")
    if mode == "event-loop":
        asyncio.run(spin_event_loop(n, seconds))
        return
    if mode == "processes":
        procs = spin_processes(n)
        pids = [os.getpid()] + [p.pid for p in procs]
    else:
        procs = []
        pids = spin_threads(n)
    proclab.send({"type": "spinning", "pids": pids})
    try:
        proclab.stopping.wait(seconds)
    finally:
        for p in procs:
            p.terminate()
            p.join()
            if p.exitcode < 0:
                proclab.exited(p.pid, None, signal.Signals(-p.exitcode).name)
            else:
                proclab.exited(p.pid, p.exitcode)


if __name__ == "__main__":
    main()
