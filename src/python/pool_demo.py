"""The tutorial's multiprocessing.Pool example (ProcLab's scenario `pool`).

    p = Pool(4)
    for i in range(5):
        p.apply_async(long_time_task, args=(i,))
    p.close()
    p.join()

Four workers, five tasks: in the tutorial's run tasks 0-3 start at once and
task 4 waits until one of them ends, then runs on that worker's pid. That is
what usually happens, not a rule: Pool() starts its workers and apply_async()
queues the tasks at once, and a worker takes the next task as soon as it is
up. A worker that starts early and draws a very short task can take the next
one before its siblings are even running. So each worker reports when it was
up (its initializer ran) and ProcLab measures what happened; nothing here holds
the workers back.

After close() the pool takes no new task: apply_async() raises ValueError,
which this program tries and shows. Then a few quick rounds show, with
Python's own errors, what the tutorial's rules mean: join() before close()
raises; a multiprocessing.Queue cannot be passed to a pool's task (a Manager's
queue can); and a pool pickles every task, whatever the start method, so a
lambda cannot be one. The start method (fork, spawn, forkserver) is the run's
option; the default is this Python's own.

For ProcLab's timeline each task reports when it started and ended (and each
worker's output) over a multiprocessing.Queue handed to the workers when they
start (initargs), which is how a plain Queue may reach them.

Run it by hand: python3 pool_demo.py
"""

import multiprocessing
import os
import random
import threading
import time

import proclab

_events = None
_relay = False


def init_worker(events, relay):
    global _events, _relay
    _events, _relay = events, relay
    _events.put(("ready", None, os.getpid(), time.time() * 1000))  # this worker is up and may take a task


def put_one(q):
    """A pool task that puts a value on the queue it was given."""
    q.put("hello from %s" % os.getpid())
    return os.getpid()


def say(text):
    if _relay:
        _events.put(("say", os.getpid(), text))  # ProcLab shows it under this worker's pid
    else:
        print(text, flush=True)


def long_time_task(name, max_s):
    pid = os.getpid()
    say("Run task %s (%s)..." % (name, pid))
    start = time.time()
    _events.put(("started", name, pid, start * 1000))
    time.sleep(random.random() * max_s)
    end = time.time()
    _events.put(("done", name, pid, end * 1000))
    say("Task %s runs %0.2f seconds." % (name, (end - start)))
    return {"task": name, "pid": pid, "start": start * 1000, "end": end * 1000}


class Board:
    """What the parent knows of its pool while it runs: ProcLab's live view."""

    def __init__(self, started_at, tasks):
        self.marks = {"startedAt": started_at}
        self.workers = []
        self.timeline = []
        self.queued = list(range(tasks))
        self.ready = []  # when each worker was up: [{"pid", "at"}]
        self.lock = threading.Lock()

    def add_workers(self, pids):
        self.workers = [{"index": i + 1, "pid": pid, "state": "starting"} for i, pid in enumerate(pids)]
        self.ready = []

    def worker(self, pid):
        for w in self.workers:
            if w["pid"] == pid:
                return w
        w = {"index": len(self.workers) + 1, "pid": pid, "state": "idle"}
        self.workers.append(w)
        proclab.adopt(pid, "pool worker %d" % w["index"])
        return w

    def on_event(self, event):
        with self.lock:
            if event[0] == "say":
                proclab.send({"lab": "output", "pid": event[1], "stream": "stdout", "text": event[2]})
                return
            kind, task, pid, at = event
            w = self.worker(pid)
            if kind == "ready":
                self.ready.append({"pid": pid, "at": at})
                if w["state"] == "starting":
                    w["state"] = "idle"
            elif kind == "started":
                self.timeline.append({"task": task, "pid": pid, "worker": w["index"], "start": at})
                if task in self.queued:
                    self.queued.remove(task)
                w["state"], w["task"] = "busy", task
            else:
                for e in self.timeline:
                    if e["task"] == task:
                        e["end"] = at
                w["state"] = "idle"
                w.pop("task", None)
            self.publish()

    def publish(self):
        proclab.live(dict(self.marks, workers=self.workers, queued=self.queued, timeline=self.timeline))


def error_of(call):
    """The error a call raised, as Python put it ("ValueError: ..."), or None if it did not."""
    try:
        call()
    except Exception as err:
        return "%s: %s" % (type(err).__name__, err)
    return None


def rules(ctx):
    """Quick rounds on one-worker pools: what join() before close(), a Queue argument and a lambda task do."""
    out = {}
    q = ctx.Pool(1)
    for w in getattr(q, "_pool", []):
        proclab.adopt(w.pid, "pool (rules round)")
    out["joinBeforeClose"] = error_of(q.join)  # the pool is still running: join() must come after close()
    print("join() before close(): %s" % (out["joinBeforeClose"] or "no error"))
    try:
        out["queueArgument"] = error_of(lambda: q.apply(put_one, (ctx.Queue(),)))
        print("A multiprocessing.Queue as a task's argument: %s" % (out["queueArgument"] or "no error"))
        with ctx.Manager() as manager:
            proclab.adopt(manager._process.pid, "manager")  # the server process that holds the Manager's queue
            shared = manager.Queue()
            out["managerQueue"] = error_of(lambda: q.apply(put_one, (shared,)))
            if out["managerQueue"] is None:
                out["managerGot"] = shared.get(timeout=10)
            print("A Manager().Queue() as a task's argument: %s" % (out["managerQueue"] or "the parent got %r" % out["managerGot"]))
        task = lambda: os.getpid()  # noqa: E731 (the point: a lambda has no name to be pickled by)
        out["lambdaTask"] = error_of(lambda: q.apply(task))
        print("A lambda as a pool task: %s" % (out["lambdaTask"] or "it ran"))
    finally:
        q.close()
        q.join()
    return out


def fork_server_pid(method):
    """forkserver: the server process that forks the workers (a private attribute, stable since 3.4)."""
    if method != "forkserver":
        return None
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)


def main():
    opts = proclab.options()
    workers = opts.get("workers", 4)
    tasks = opts.get("tasks", 5)
    max_s = opts.get("maxTaskMs", 3000) / 1000
    default_method = multiprocessing.get_start_method()
    method = opts.get("startMethod") or default_method
    ctx = multiprocessing.get_context(method)

    board = Board(time.time() * 1000, tasks)
    events = ctx.Queue()
    print("Parent process %s; start method %s (this Python's default: %s)." % (os.getpid(), method, default_method))
    created_at = time.time() * 1000
    p = ctx.Pool(workers, initializer=init_worker, initargs=(events, proclab.connected()))
    procs = list(getattr(p, "_pool", []))  # the worker processes (a private list, stable for years)
    server = fork_server_pid(method)
    if server is not None:
        proclab.adopt(server, "fork server")  # forkserver: the workers are its children, it is ours
    board.add_workers([w.pid for w in procs])
    for w in board.workers:
        proclab.adopt(w["pid"], "pool worker %d" % w["index"])
    board.publish()

    def read_events():
        for event in iter(events.get, None):
            board.on_event(event)

    reader = threading.Thread(target=read_events, daemon=True)
    reader.start()

    results = [p.apply_async(long_time_task, args=(i, max_s)) for i in range(tasks)]
    print("Waiting for all subprocesses done...")
    p.close()
    board.marks["closedAt"] = time.time() * 1000
    try:
        p.apply_async(long_time_task, args=(tasks, max_s))
    except ValueError as err:  # the rule close() sets: no new tasks
        board.marks["refused"] = "ValueError: %s" % err
        print("apply_async() after close(): refused (%s)" % board.marks["refused"])
    p.join()
    board.marks["joinedAt"] = time.time() * 1000
    print("All subprocesses done.")

    events.put(None)
    reader.join()
    with board.lock:
        for w in procs:
            proclab.exited(w.pid, w.exitcode)
        for w in board.workers:
            w["state"] = "exited"
        board.publish()
    timeline = []
    for r in results:
        if r.ready() and r.successful():
            t = r.get()
            timeline.append(dict(t, worker=board.worker(t["pid"])["index"]))
    proclab.result(
        dict(
            board.marks,
            language="python",
            timeline=timeline,
            workers=board.workers,
            createdAt=created_at,
            ready=board.ready,
            startMethod=method,
            defaultMethod=default_method,
            forkServerPid=server,
            rules=rules(ctx),
        )
    )


if __name__ == "__main__":
    main()
