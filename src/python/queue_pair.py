"""queue-pair (进程间通信): a writer and a reader process talking through a Queue.

The tutorial's program: the parent creates a multiprocessing.Queue and two
child processes, a writer that puts A, B, C with random pauses and a reader
that gets forever. The parent join()s the writer, then has to terminate() the
reader, whose loop never ends.

For ProcLab each child also reports every put and get it makes (its own pid,
its own clock), and the parent reports its children (adopt) and how they ended,
so the run can check that what the reader got is what the writer put, in
order, and that the reader ended by the parent's terminate().

Run by hand: python3 queue_pair.py
"""

import multiprocessing
import os
import random
import signal
import time

import proclab


def report(op, value):
    proclab.send({"type": "op", "op": op, "value": value, "pid": os.getpid(), "at": time.time() * 1000})


# The writer process runs this:
def write(q, values, max_pause, known):
    known.wait()  # ProcLab: until the parent has reported us, so our first line shows under our pid
    proclab.say("Process to write: %s" % os.getpid())
    for value in values:
        proclab.say("Put %s to queue..." % value)
        report("put", value)
        q.put(value)
        time.sleep(random.random() * max_pause)


# The reader process runs this:
def read(q, known):
    known.wait()
    proclab.say("Process to read: %s" % os.getpid())
    while True:
        value = q.get(True)
        report("get", value)
        proclab.say("Get %s from queue." % value)


def end(p):
    """How a child ended, as the parent sees it: its exit code, or the signal that ended it (exitcode -N)."""
    code = p.exitcode
    if code is not None and code < 0:
        return {"pid": p.pid, "code": None, "signal": signal.Signals(-code).name}
    return {"pid": p.pid, "code": code, "signal": None}


def state(role, p, now):
    """Tells ProcLab's view how a child is doing: running, exited (code) or terminated (signal)."""
    proclab.send({"type": "state", "role": role, "state": dict(end(p), state=now)})


def ended(role, p, now):
    e = end(p)
    proclab.exited(p.pid, e["code"], e["signal"])
    state(role, p, now)
    return e


def main():
    o = proclab.options()
    values = o.get("values", ["A", "B", "C"])
    max_pause = int(o.get("maxPauseMs", 1000)) / 1000
    # The children inherit ProcLab's channel (and so can report) when they are forked;
    # fork is the default on Linux up to Python 3.13, and exists on every Unix.
    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("fork" if "fork" in methods else None)

    # The parent creates the Queue and passes it to both children:
    q = mp.Queue()
    known = (mp.Event(), mp.Event())
    pw = mp.Process(target=write, args=(q, values, max_pause, known[0]))
    pr = mp.Process(target=read, args=(q, known[1]))
    # Start the writer pw:
    pw.start()
    proclab.adopt(pw.pid, "writer")
    state("writer", pw, "running")
    known[0].set()
    # Start the reader pr:
    pr.start()
    proclab.adopt(pr.pid, "reader")
    state("reader", pr, "running")
    known[1].set()
    # Wait for pw to end:
    pw.join()
    writer_joined_at = time.time() * 1000
    writer = ended("writer", pw, "exited")
    # pr loops forever and can never be waited for: it can only be terminated.
    alive = pr.is_alive()
    pr.terminate()
    terminated_at = time.time() * 1000
    pr.join()
    reader = ended("reader", pr, "terminated")
    proclab.result(
        {
            "language": "python",
            "writerPid": pw.pid,
            "readerPid": pr.pid,
            "writerExit": writer,
            "readerExit": reader,
            "writerJoinedAt": writer_joined_at,
            "terminatedAt": terminated_at,
            "readerAliveAtTerminate": alive,
        }
    )


if __name__ == "__main__":
    main()
