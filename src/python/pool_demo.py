"""The tutorial's multiprocessing.Pool example (ProcLab's scenario `pool`).

    p = Pool(4)
    for i in range(5):
        p.apply_async(long_time_task, args=(i,))
    p.close()
    p.join()

Four workers, five tasks: tasks 0-3 start at once, task 4 waits until one of
them ends and then runs on that worker's pid. After close() the pool takes no
new task: apply_async() raises ValueError, which this program tries and shows.

For ProcLab's timeline each task reports when it started and ended (and each
worker's output) over a multiprocessing.Queue; and every worker waits at a
Barrier until all are up, so the first tasks meet a full pool, as they do in
the tutorial's run (otherwise a worker that starts early and draws a very short
task could take the next one before its siblings are even running).

Run it by hand: python3 pool_demo.py
"""

import os
import random
import threading
import time
from multiprocessing import Barrier, Pool, Queue

import proclab

_events = None
_relay = False


def init_worker(events, ready, relay):
    global _events, _relay
    _events, _relay = events, relay
    ready.wait()  # every worker up before any takes a task (see above)


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
        self.lock = threading.Lock()

    def add_workers(self, pids):
        self.workers = [{"index": i + 1, "pid": pid, "state": "idle"} for i, pid in enumerate(pids)]

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
            if kind == "started":
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


def main():
    opts = proclab.options()
    workers = opts.get("workers", 4)
    tasks = opts.get("tasks", 5)
    max_s = opts.get("maxTaskMs", 3000) / 1000

    board = Board(time.time() * 1000, tasks)
    events = Queue()
    print("Parent process %s." % os.getpid())
    p = Pool(workers, initializer=init_worker, initargs=(events, Barrier(workers), proclab.connected()))
    procs = list(getattr(p, "_pool", []))  # the worker processes (a private list, stable for years)
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
    proclab.result(dict(board.marks, language="python", timeline=timeline, workers=board.workers))


if __name__ == "__main__":
    main()
