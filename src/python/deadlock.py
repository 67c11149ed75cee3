"""deadlock (Lock, 死锁): two threads take two locks in opposite order.

Thread-1 takes lock A, works a moment, then wants B; Thread-2 takes B, works,
then wants A. Each holds what the other wants, and neither gives up: both
hang for ever, using no CPU. As the tutorial says, they can neither run nor
end: Python has no way to terminate a thread from outside (threading.Thread
has no terminate or kill), so only ending the whole process gets rid of them.

The remedies, run as variants:
  ordered  both threads take A before B: a cycle can never form;
  timeout  lock.acquire(timeout=...): a thread that cannot get its second
           lock in time gives back its first, waits a little, and tries again.

The locks tell ProcLab who holds them and who waits for them, so it can draw
the wait-for graph; by hand they just print.

Manual mode ("be the scheduler", the option schedule: manual): you are the
scheduler. Each thread stops at a gate before every step -- acquire its first
lock, acquire its second, release the second, release the first -- and
sleeps on its own threading.Event until you let it take that one step
(ProcLab's Scheduler in proclab.py). There is no pause to set the trap: you
set it. Let Thread-1 take A and Thread-2 take B, then step each into its
second lock: both really block in lock.acquire(), in the kernel, each waiting
for the lock the other holds, and no step is possible any more. A thread
blocked in a lock cannot be stepped; when the holder releases it, the waiting
thread takes it by itself. In the ordered variant no schedule you choose can
deadlock. The line of each step carries "# step: <name>".

By hand:  python3 deadlock.py '{"variant": "opposite-order"}'   (Ctrl+C will not help: kill it)
Manual by hand: python3 deadlock.py '{"schedule": "manual"}'  (type 1 or 2, Enter)
"""

import random
import threading
import time

import proclab


class TrackedLock:
    """A threading.Lock that reports who waits for it and who holds it."""

    def __init__(self, name):
        self.name = name
        self._lock = threading.Lock()

    def _say(self, event):
        proclab.send({"type": "lock", "thread": threading.current_thread().name, "lock": self.name, "event": event})

    def acquire(self, timeout=-1):
        self._say("waiting")
        got = self._lock.acquire(timeout=timeout)
        self._say("held" if got else "gave-up")
        return got

    def release(self):
        # Said while still held, so no other thread's "held" can arrive first.
        self._say("released")
        self._lock.release()


def say(text):
    # One write per line: two threads printing at once do not interleave within a line.
    print("%s: %s\n" % (threading.current_thread().name, text), end="", flush=True)


def worker(first, second, hold_s, timeout_s, retries):
    proclab.thread(threading.current_thread().name)
    while True:
        say("taking lock %s" % first.name)
        first.acquire()
        say("holds %s, working" % first.name)
        time.sleep(hold_s)  # meanwhile the other thread takes its first lock: the trap is set
        say("taking lock %s" % second.name)
        if second.acquire(timeout=timeout_s if timeout_s else -1):
            break
        # The remedy: give back what we hold, so the other thread can go on, and try again later.
        say("could not get %s in %.1f s: releasing %s and trying again" % (second.name, timeout_s, first.name))
        retries.append(threading.current_thread().name)
        first.release()
        time.sleep(random.uniform(0.05, 0.3))
    say("holds %s and %s" % (first.name, second.name))
    second.release()
    first.release()
    say("released both locks, done")
    proclab.send({"type": "lock", "thread": threading.current_thread().name, "event": "done"})


# ---- manual mode: you are the scheduler ----


def worker_stepwise(first, second, timeout_s, sched):
    name = threading.current_thread().name
    proclab.thread(name)
    attempt = 1
    while True:
        sched.gate("acquire", "acquire-first", lock=first.name, iteration=attempt)
        first.acquire()  # step: acquire-first
        sched.gate("acquire", "acquire-second", lock=second.name)
        if second.acquire(timeout=timeout_s if timeout_s else -1):  # step: acquire-second
            break
        # timeout variant: the second lock did not come in time; give back the first (your step too).
        sched.gate("release", "back-off", lock=first.name)
        first.release()  # step: back-off
        attempt += 1
    # One step gives back both, as in the Node.js program: the order of the two releases changes nothing.
    sched.gate("release", "release")
    second.release()  # step: release
    first.release()
    proclab.send({"type": "lock", "thread": name, "event": "done"})
    sched.done()


def manual(variant, timeout_s):
    names = ["Thread-1", "Thread-2"]
    sched = proclab.Scheduler(names)
    a, b = sched.lock("A"), sched.lock("B")
    order2 = (a, b) if variant == "ordered" else (b, a)
    threads = [
        threading.Thread(target=worker_stepwise, name=name, args=(first, second, timeout_s, sched), daemon=True)
        for name, (first, second) in zip(names, [(a, b), order2])
    ]
    for t in threads:
        t.start()
    sched.ready()
    sched.listen()
    # A deadlock never gets past here: no step is possible, and the threads stay blocked until the process ends.
    if not sched.wait_finished(proclab.stopping):
        return
    for t in threads:
        t.join()
    proclab.result({"variant": variant, "retries": sum(t["iteration"] - 1 for t in sched.state()["threads"])})
    print("both threads finished")


def main():
    opts = proclab.options()
    variant = opts.get("variant", "opposite-order")
    hold_s = int(opts.get("holdMs", 200)) / 1000
    timeout_s = hold_s * 2 if variant == "timeout" else None
    if opts.get("schedule") == "manual":
        manual(variant, timeout_s)
        return
    a, b = TrackedLock("A"), TrackedLock("B")
    order2 = (a, b) if variant == "ordered" else (b, a)
    retries = []
    threads = [
        threading.Thread(target=worker, name="Thread-1", args=(a, b, hold_s, timeout_s, retries)),
        threading.Thread(target=worker, name="Thread-2", args=(order2[0], order2[1], hold_s, timeout_s, retries)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()  # a deadlock never returns from here: only ending the process does
    proclab.result({"variant": variant, "retries": len(retries)})
    print("both threads finished (%d retries)" % len(retries))


if __name__ == "__main__":
    main()
