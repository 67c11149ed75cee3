"""crash-isolation in Python: the tutorial's Master-Worker, as processes or as threads.

进程 vs 线程: "多进程模式最大的优点就是稳定性高，因为一个子进程崩溃了，不会影响主进程和其他子进程"
and "多线程模式致命的缺点就是任何一个线程挂掉都可能直接造成整个进程崩溃，因为所有线程共享进程的内存".

A master hands small tasks to W workers. The workers are W processes
(multiprocessing.Process) or W threads (threading.Thread) of this one process.
Told to crash, a worker makes a real fault: ctypes.string_at(0) reads memory
at address 0, the kind of bug a C extension has. The OS answers with SIGSEGV,
and SIGSEGV ends a whole PROCESS:

- processes: only that worker process dies. The master sees its exitcode
  (-11: killed by signal 11, SIGSEGV), puts its task back on the queue, starts
  a new worker and carries on; the other workers never notice.
- threads: the fault is in this process, so the OS ends this process, the
  master and every other worker thread with it. Nothing is left to notice.

An uncaught exception is different: it ends only its thread (Python prints the
traceback) or its process (exitcode 1).

By hand:  python3 crash_isolation.py [processes|threads] [segfault|abort|exception|sigkill|oom]
crashes worker 1 after 2 seconds and prints what happens. Under ProcLab the
crashes come from the "Crash a worker" action.
"""

import ctypes
import multiprocessing as mp
import os
import queue
import random
import signal
import sys
import threading
import time
from multiprocessing.connection import wait

import proclab

# Windows has no SIGKILL (Python's signal module lacks it there): that crash is
# not offered (ProcLab's core says why, see src/core/platform/win32.ts).
CRASHES = tuple(c for c in ("exception", "abort", "segfault", "sigkill", "oom") if c != "sigkill" or hasattr(signal, "SIGKILL"))
RESTART_DELAY = 0.2


def crash(how, where):
    """The fault itself, in the worker (process or thread) that was told to crash."""
    proclab.say("%s: crashing by %s" % (where, how))
    if how == "segfault":
        # Reads memory at address 0: the OS sends SIGSEGV to the whole process.
        ctypes.string_at(0)
    elif how == "abort":
        # C's abort(), as a failed assertion in a C extension: SIGABRT, the whole process.
        os.abort()
    elif how == "sigkill":
        # As `kill -9` or the kernel's OOM killer: no handler runs, the whole process goes.
        os.kill(os.getpid(), signal.SIGKILL)
    elif how == "oom":
        # Python raises MemoryError when an allocation fails: an exception like any other.
        bytearray(1 << 62)
    raise RuntimeError("crashed on purpose in %s" % where)


def work(slot, recv, send, where):
    """A worker's loop, the same for a process and a thread: ready, then tasks until told to stop."""
    send(("ready", slot, os.getpid(), threading.get_native_id()))
    while True:
        order = recv(None)
        if order is None or order[0] == "stop":
            return
        if order[0] == "crash":
            crash(order[1], where)
        _, task, ms = order
        # A little computing, then waiting, listening for a crash order meanwhile.
        end = time.monotonic() + ms / 1000.0
        x = 0
        while time.monotonic() < end - ms / 1000.0 * 0.8:
            x = (x * 31 + 7) % 1000003
        while True:
            left = end - time.monotonic()
            if left <= 0:
                break
            o = recv(min(left, 0.02))
            if o is not None and o[0] == "crash":
                crash(o[1], where)
            if o is not None and o[0] == "stop":
                return
        send(("done", slot, task))


def process_worker(slot, conn):
    """A worker PROCESS: orders and reports over its own pipe to the master."""
    proclab.thread("worker %d" % slot)

    def recv(timeout):
        if timeout is not None and not conn.poll(timeout):
            return None
        try:
            return conn.recv()
        except EOFError:
            return None

    try:
        work(slot, recv, conn.send, "worker %d (pid %d)" % (slot, os.getpid()))
    except BaseException as e:
        # Last words: which exception ends this process (Python prints the traceback, the exitcode is 1).
        conn.send(("error", slot, type(e).__name__))
        raise


class ProcessWorkers:
    """Each worker a process of its own (fork: the child starts as a copy of the master)."""

    name = "processes"

    def __init__(self):
        self.ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
        self.procs = {}
        self.conns = {}
        self.errors = {}

    def start(self, slot):
        ours, theirs = self.ctx.Pipe()
        p = self.ctx.Process(target=process_worker, args=(slot, theirs), name="worker %d" % slot)
        p.start()
        theirs.close()
        self.procs[slot] = p
        self.conns[slot] = ours
        proclab.adopt(p.pid, "worker %d" % slot)
        report({"type": "spawned", "slot": slot, "pid": p.pid})

    def send(self, slot, order):
        try:
            self.conns[slot].send(order)
            return True
        except (OSError, KeyError):
            return False

    def poll(self, timeout):
        by_conn = {c: s for s, c in self.conns.items()}
        by_sentinel = {p.sentinel: s for s, p in self.procs.items()}
        events = []
        for ready in wait(list(by_conn) + list(by_sentinel), timeout):
            if ready in by_conn:
                try:
                    ev = ready.recv()
                except (EOFError, OSError):
                    continue
                if ev[0] == "error":
                    self.errors[ev[1]] = ev[2]
                else:
                    events.append(ev)
        for ready in wait(list(by_sentinel), 0):
            slot = by_sentinel[ready]
            p = self.procs.pop(slot)
            self.conns.pop(slot).close()
            p.join()
            # The master learns how its worker ended from the OS: a negative exitcode is a signal.
            code = p.exitcode
            sig = signal.Signals(-code).name if code is not None and code < 0 else None
            proclab.exited(p.pid, None if sig else code, sig)
            events.append(("died", slot, p.pid, None, code, sig, self.errors.pop(slot, None)))
        return events

    def alive(self, slot):
        return slot in self.procs

    def stop(self):
        for slot in list(self.procs):
            self.send(slot, ("stop",))
        for slot, p in list(self.procs.items()):
            p.join(2)
            if p.is_alive():
                p.kill()
                p.join()
            code = p.exitcode
            proclab.exited(p.pid, code if code is None or code >= 0 else None, signal.Signals(-code).name if code is not None and code < 0 else None)


class ThreadWorkers:
    """Every worker a thread of this process: they share its memory, and its fate."""

    name = "threads"

    def __init__(self):
        self.inbox = queue.Queue()
        self.threads = {}
        self.orders = {}
        self.errors = {}
        default_hook = threading.excepthook

        def hook(args):
            # Python prints the traceback; the thread ends, the process lives on.
            self.errors[args.thread.name] = args.exc_type.__name__
            default_hook(args)

        threading.excepthook = hook

    def start(self, slot):
        orders = queue.Queue()

        def recv(timeout):
            try:
                return orders.get(timeout=timeout)
            except queue.Empty:
                return None

        def run():
            proclab.thread("worker %d" % slot)
            work(slot, recv, self.inbox.put, "worker %d (thread %d of pid %d)" % (slot, threading.get_native_id(), os.getpid()))

        t = threading.Thread(target=run, name="worker %d" % slot, daemon=True)
        self.orders[slot] = orders
        self.threads[slot] = t
        t.start()

    def send(self, slot, order):
        if slot not in self.threads:
            return False
        self.orders[slot].put(order)
        return True

    def poll(self, timeout):
        events = []
        try:
            events.append(self.inbox.get(timeout=timeout))
            while True:
                events.append(self.inbox.get_nowait())
        except queue.Empty:
            pass
        for slot, t in list(self.threads.items()):
            if not t.is_alive():
                del self.threads[slot]
                error = self.errors.pop(t.name, None)
                events.append(("died", slot, os.getpid(), t.native_id, None, None, error))
        return events

    def alive(self, slot):
        return slot in self.threads

    def stop(self):
        for slot in list(self.threads):
            self.send(slot, ("stop",))
        for t in list(self.threads.values()):
            t.join(2)


def report(message):
    """A step of the run, for ProcLab's view and checks (nothing by hand)."""
    proclab.send(message)


def control_orders(orders):
    """ProcLab's orders (the "Crash a worker" action) arrive on stdin, one JSON line each."""

    def on_message(m):
        if isinstance(m, dict) and m.get("type") == "crash":
            orders.put((m.get("how"), int(m.get("worker", 0))))

    proclab.listen(on_message)


def main():
    # Line by line, so what was printed before a fatal crash is not lost with the process.
    sys.stdout.reconfigure(line_buffering=True)
    opts = proclab.options()
    by_hand = not proclab.connected()
    args = [a for a in sys.argv[1:] if not a.startswith("{")]
    mode = opts.get("mode") or (args[0] if args else "processes")
    count = int(opts.get("workers", 3))
    duration = float(opts.get("durationSec", 6 if by_hand else 60))
    task_ms = int(opts.get("taskMs", 400))
    workers = ProcessWorkers() if mode == "processes" else ThreadWorkers()
    proclab.thread("master")

    orders = queue.Queue()
    if by_hand:
        how = args[1] if len(args) > 1 else "segfault"
        threading.Timer(2.0, lambda: orders.put((how, 1))).start()
    else:
        control_orders(orders)

    print("Master %d: %d worker %s, tasks up to %d ms, for %g s." % (os.getpid(), count, mode, task_ms, duration))
    pending = []  # the master's queue: (task id, ms, retry)
    busy = {}
    next_id = [1]
    completed = lost = retried = restarts = 0
    ready = set()
    restart_at = {}
    for slot in range(1, count + 1):
        workers.start(slot)

    until = time.monotonic() + duration
    drain_until = until + 10
    generating = True
    while True:
        now = time.monotonic()
        if generating and now >= until:
            generating = False
            print("Time is up: no new tasks; waiting for the last ones.")
        if not generating and ((not pending and not busy) or now >= drain_until):
            break
        try:
            how, slot = orders.get_nowait()
            if how in CRASHES and workers.send(slot, ("crash", how)):
                print("Master: crash %s ordered in worker %d." % (how, slot))
        except queue.Empty:
            pass
        for slot, at in list(restart_at.items()):
            if now >= at:
                del restart_at[slot]
                workers.start(slot)
        for ev in workers.poll(0.05):
            kind, slot = ev[0], ev[1]
            if kind == "ready":
                ready.add(slot)
                report({"type": "ready", "slot": slot, "pid": ev[2], "tid": ev[3]})
            elif kind == "done":
                task = busy.pop(slot, None)
                if task is None or task[0] != ev[2]:
                    continue
                completed += 1
                retried += 1 if task[2] else 0
                report({"type": "done", "slot": slot, "task": task[0], "queued": len(pending)})
            elif kind == "died":
                _, _, pid, tid, code, sig, error = ev
                ready.discard(slot)
                task = busy.pop(slot, None)
                if task is not None:
                    lost += 1
                    pending.insert(0, (task[0], task[1], True))
                if mode == "processes":
                    how_ended = "exitcode %s%s" % (code, " (%s)" % sig if sig else "")
                    print("Master: worker %d (pid %d) died, %s; the master carries on." % (slot, pid, how_ended))
                else:
                    print("Master: worker thread %d died (%s); the process carries on." % (slot, error or "ended"))
                if task is not None:
                    print("Master: task %d was lost with it and goes back on the queue." % task[0])
                report({"type": "died", "slot": slot, "pid": pid, "tid": tid, "code": code, "signal": sig, "error": error, "task": task[0] if task else None})
                if generating or pending:
                    restarts += 1
                    restart_at[slot] = now + RESTART_DELAY
                    report({"type": "restarting", "slot": slot, "delayMs": int(RESTART_DELAY * 1000)})
        for slot in sorted(ready):
            if slot in busy or not workers.alive(slot):
                continue
            if generating and not pending:
                pending.append((next_id[0], 20 + random.randint(0, max(0, task_ms - 20)), False))
                next_id[0] += 1
            if not pending:
                continue
            task = pending.pop(0)
            if workers.send(slot, ("task", task[0], task[1])):
                busy[slot] = task
                report({"type": "task", "slot": slot, "task": task[0], "retry": task[2], "queued": len(pending)})
            else:
                pending.insert(0, task)
    workers.stop()
    print("Master: %d tasks done, %d lost, %d retried, %d restarts. master exit." % (completed, lost, retried, restarts))
    proclab.result({"completed": completed, "lost": lost, "retried": retried, "restarts": restarts, "unfinished": sum(1 for t in pending if t[2])})


if __name__ == "__main__":
    main()
