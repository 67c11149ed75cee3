"""ProcLab's side of the child protocol, for its Python programs.

ProcLab starts each Python program with its stdin and stdout as pipes, the
same on every OS (src/shared/python-protocol.ts says why not Node's IPC
channel). Each message to ProcLab is one line on stdout: RS (0x1E), the
marker ProcLab chose for this start (in the PROCLAB_PROTOCOL environment
variable), then JSON. Every other line on stdout is the program's own output:
a print() of something that looks like JSON stays output, as it lacks the
marker. Over it a program reports the processes it starts (so they appear in
ProcLab's process tree with their roles), how they ended, what its threads are
called, its live state for the view, and last its result. ProcLab's orders
(stop, a scenario's actions) arrive as JSON lines on stdin, for the programs
that listen(); the program's own stdin (fd 0) is empty, as it would be
without ProcLab.

The kit takes the marker out of the environment at once: the processes this
one starts with a fresh interpreter (multiprocessing's spawn and forkserver
workers, subprocess) run disconnected, so they never write a message by
accident; their parent reports them. A child made by os.fork() (multiprocessing's
fork) is a copy of this process and speaks on the same pipe, one whole line at
a time.

Run by hand (``python3 fork_demo.py``) there is no marker: every report is
dropped, except the result, which is printed. So each program also runs as a
plain Python program in a terminal, as the tutorial's examples do.

Standard library only.
"""

import io
import json
import os
import sys
import threading
import time

_marker = os.environ.pop("PROCLAB_PROTOCOL", None)
_start = ("\x1e" + _marker).encode("ascii") if _marker else None
# What a process started with a fresh interpreter (spawn and forkserver workers,
# a Python subprocess) may still say: its own output lines, under its own pid,
# and nothing else. Without it their prints would land in the parent's stdout
# and be shown as the parent's.
_output_marker = None if _marker else os.environ.get("PROCLAB_OUTPUT")
if _marker:
    os.environ["PROCLAB_OUTPUT"] = _marker
_out_start = ("\x1e" + (_marker or _output_marker)).encode("ascii") if (_marker or _output_marker) else None
# The process ProcLab started (or, output-only, this one): a print from another
# pid is a forked child's, reported as that child's output.
_top = os.getpid() if _marker else None
# Threads of one process share stdout: one whole line at a time (reentrant: print's
# line assembly below holds it while it writes).
_lock = threading.RLock()


def _write(data):
    with _lock:
        while data:
            written = os.write(1, data)
            data = data[written:]


class _Lines(io.RawIOBase):
    """fd 1 (or 2) for print(): whole lines, under the kit's lock, so a message never lands inside a printed line.

    print() writes its text and its newline in two calls; another thread's
    message between them would break both. A partial line waits for its end,
    or for flush() (print(..., flush=True), the program's exit). A line printed
    by any process but the one ProcLab started (a forked child, a spawned
    worker) goes as an output report under that process's own pid.
    """

    def __init__(self, fd=1, stream="stdout"):
        super().__init__()
        self._pending = b""
        self._fd = fd
        self._stream = stream

    def writable(self):
        return True

    def fileno(self):
        return self._fd

    def _out(self, data):
        if _top is not None and os.getpid() == _top:
            if self._fd == 1:
                _write(data)
            else:
                while data:
                    data = data[os.write(self._fd, data) :]
            return
        for line in data.decode("utf-8", "backslashreplace").splitlines():
            _report_output(line, self._stream)

    def write(self, b):
        with _lock:  # two threads printing at once must not lose a piece of either
            data = self._pending + bytes(b)
            cut = data.rfind(b"\n") + 1
            self._pending = data[cut:]
            if cut:
                self._out(data[:cut])
        return len(b)

    def flush(self):
        with _lock:
            data, self._pending = self._pending, b""
            if data:
                self._out(data)


def _report_output(text, stream):
    # One line: the supervisor ends each relayed report with its own newline.
    _write(_out_start + json.dumps({"lab": "output", "pid": os.getpid(), "stream": stream, "text": text}).encode("ascii") + b"\n")


_orders = None
if _start is not None:
    # ProcLab's orders arrive on stdin, which stays open while the program runs.
    # Keep it on a descriptor of the kit's own (os.dup: not inherited by what the
    # program starts) and give fd 0 the empty input it had before, so a
    # subprocess or a worker that reads stdin gets EOF instead of waiting forever.
    _orders = os.dup(0)
    _null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(_null, 0)
    os.close(_null)
if _out_start is not None:
    sys.stdout.flush()
    sys.stderr.flush()
    # UTF-8 whatever the OS's code page: ProcLab reads UTF-8.
    sys.stdout = io.TextIOWrapper(_Lines(1, "stdout"), encoding="utf-8", errors="backslashreplace", write_through=True)
    sys.stderr = io.TextIOWrapper(_Lines(2, "stderr"), encoding="utf-8", errors="backslashreplace", write_through=True)

    def _after_fork_in_child():
        # The lock may have been held by a thread that does not exist in the child.
        global _lock
        _lock = threading.RLock()

    # A fork copies a half-written line into the child: write it out first, once. (No fork on Windows.)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=lambda: (sys.stdout.flush(), sys.stderr.flush()), after_in_child=_after_fork_in_child)


def options():
    """The run's options, as ProcLab passes them (first argument, JSON); {} by hand."""
    if len(sys.argv) > 1 and sys.argv[1].startswith("{"):
        return json.loads(sys.argv[1])
    return {}


def connected():
    return _start is not None


def send(message):
    """Sends one message to ProcLab (nothing when run by hand)."""
    if _start is None:
        return
    _write(_start + json.dumps(message).encode("ascii") + b"\n")


stopping = threading.Event()
"""Set when ProcLab asks the program to stop (or has gone): for programs that listen()."""

_listening = False


def listen(on_message=None):
    """Takes ProcLab's orders from stdin, in a thread: {"type": "stop"} (or stdin's end) sets
    `stopping`; every other message goes to on_message. Nothing when run by hand."""
    global _listening
    if _start is None or _listening:
        return
    _listening = True

    def lines():
        # os.read on the kit's own descriptor, not sys.stdin: a fork (multiprocessing's
        # workers close sys.stdin first thing) would copy a lock held by this thread, and hang.
        buf = b""
        while True:
            try:
                chunk = os.read(_orders, 65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                yield line

    def read():
        for line in lines():
            try:
                m = json.loads(line)
            except ValueError:
                continue
            if isinstance(m, dict) and m.get("type") == "stop":
                break
            if on_message is not None:
                on_message(m)
        # Told to stop, or ProcLab has closed the pipe (it ended): either way, time to go.
        stopping.set()

    threading.Thread(target=read, name="proclab-orders", daemon=True).start()


def live(state):
    """The run's live state, drawn by the scenario's view while it runs."""
    send({"type": "live", "live": state})


def result(value):
    """The program's result, which ProcLab's checks judge. Send it last."""
    if _start is None:
        print("result:", json.dumps(value, indent=2))
    send({"type": "result", "result": value})


def adopt(pid, role, name="python3"):
    """Reports a process this one started, so the tree shows it with its role."""
    send(
        {
            "lab": "adopt",
            "pid": pid,
            "ppid": os.getpid(),
            "role": role,
            "name": name,
            "startedAt": time.time() * 1000,
        }
    )


def exited(pid, code, signal=None):
    """Reports how a process this one started ended (only its parent can wait for it)."""
    send({"lab": "exit", "pid": pid, "code": code, "signal": signal})


def exit_status(pid, status):
    """exited() from an os.waitpid() status."""
    if os.WIFSIGNALED(status):
        import signal as signals

        exited(pid, None, signals.Signals(os.WTERMSIG(status)).name)
    else:
        exited(pid, os.WEXITSTATUS(status))


def say(text, stream="stdout"):
    """Output of a process ProcLab did not start itself (a forked child), under that process's own pid."""
    if _start is None:
        print(text, flush=True)
    else:
        # One line: the supervisor ends each relayed report with its own newline.
        send({"lab": "output", "pid": os.getpid(), "stream": stream, "text": text})


def thread(name):
    """Names the calling thread for ProcLab's thread list (Python does not name OS threads)."""
    send({"type": "thread", "pid": os.getpid(), "tid": threading.get_native_id(), "name": name})


def now_ms():
    """A monotonic clock in milliseconds, comparable across this program's processes."""
    return time.monotonic() * 1000


class Scheduler:
    """Manual scheduling ("be the scheduler"): the learner, not the OS, picks which thread goes on.

    Each thread calls gate() before every step that matters and waits there on
    its own threading.Event. ProcLab's order {"type": "step", "thread": "Thread-1"}
    sets that one Event: the thread runs exactly one step (the source line
    marked "# step: <at>") and stops at its next gate. The threads are real OS
    threads and the values they change are the program's real variables; the
    gates only decide when each one may run.

    A lock made with lock() is a real threading.Lock. A thread that steps into
    one another thread holds really blocks in acquire(), in the kernel; it
    cannot be stepped (the order is refused) until the holder releases, and
    then it takes the lock by itself and goes on to its next gate.

    After each step, once every thread is again at a gate, blocked in a lock
    or finished, the whole state is sent: {"type": "schedule", "schedule":
    {...}, "step": <the order's id>} (src/shared/scheduler.ts has its shape).
    A refused order is answered {"type": "step-refused", "step": id, "thread":
    name, "why": "unknown" | "finished" | "blocked" | "busy", "blocked": ...}.

    By hand (no ProcLab), type a thread's number and Enter to step it; the
    state is printed after each step.
    """

    def __init__(self, names, shared=None):
        # One condition guards every record below; the gates themselves are per-thread Events.
        self._cond = threading.Condition()
        self._shared = shared or (lambda: {})
        self._threads = {name: _Stepped(name) for name in names}
        self._names = list(names)
        self._locks = []
        self._steps = []
        self._pending = None  # the id of the step order not answered yet
        self._answered = None

    # ---- called by the program's threads ----

    def gate(self, kind, at=None, lock=None, iteration=None, params=None, **values):
        """Stops the calling thread before its next step until the learner lets it take it."""
        t = self._threads[threading.current_thread().name]
        with self._cond:
            t.tid = threading.get_native_id()
            t.next = {"kind": kind, "at": at or kind}
            if lock is not None:
                t.next["lock"] = lock
            if params:
                t.next["params"] = params
            if iteration is not None:
                t.iteration = iteration
            t.values.update(values)
            t.go.clear()
            t.state = "gate"
            self._settle()
        t.go.wait()  # the gate: this thread sleeps here until ProcLab's step order sets its Event

    def done(self, **values):
        """The calling thread has no further step."""
        t = self._threads[threading.current_thread().name]
        with self._cond:
            t.values.update(values)
            t.next = None
            t.state = "done"
            self._settle()

    def lock(self, name):
        """A real threading.Lock whose holder the schedule shows (shared value "lock <name>")."""
        lk = SteppedLock(self, name)
        self._locks.append(lk)
        return lk

    # ---- ProcLab's orders ----

    def listen(self):
        """Takes step orders: from ProcLab, or by hand from the terminal (a thread number per line)."""
        if connected():
            listen(self.order)
            return

        def by_hand():
            for n, line in enumerate(sys.stdin):
                line = line.strip()
                if line:
                    self.order({"type": "step", "thread": "Thread-" + line, "id": n})
                    with self._cond:  # one step at a time, as ProcLab sends them
                        self._cond.wait_for(lambda: self._pending is None)

        threading.Thread(target=by_hand, name="by-hand", daemon=True).start()

    def order(self, m):
        if not isinstance(m, dict) or m.get("type") != "step":
            return
        name = m.get("thread")
        with self._cond:
            # A thread may be moving by itself (it got a lock just freed, or its acquire timed out):
            # the order waits until everything stands still again.
            self._cond.wait_for(lambda: self._settled() and self._pending is None, timeout=5)
            t = self._threads.get(name) if isinstance(name, str) else None
            why = None
            if t is None:
                why = "unknown"
            elif t.state == "done":
                why = "finished"
            elif t.state == "blocked":
                why = "blocked"
            elif t.state != "gate" or self._pending is not None or not self._settled():
                why = "busy"  # the last step is still under way
            if why is not None:
                send({"type": "step-refused", "step": m.get("id"), "thread": name, "why": why,
                      "blocked": t.blocked if t is not None else None})
                if not connected():
                    print("cannot step %s: %s" % (name, why))
                return
            self._pending = m.get("id", 0)
            self._steps.append(name)
            t.taken += 1
            t.state = "running"
            t.go.set()

    # ---- the state ----

    def ready(self):
        """Waits until every thread stands at its first gate (or already finished)."""
        with self._cond:
            self._cond.wait_for(self._settled)

    def wait_finished(self, stopping_event):
        """Waits until every thread has finished (True), or ProcLab says stop (False).

        A deadlock waits here for ever: only ending the process ends it."""
        while not stopping_event.is_set():
            with self._cond:
                if all(t.state == "done" for t in self._threads.values()):
                    return True
                self._cond.wait(1.0)  # woken by every change; the timeout only to see `stopping`
        return False

    def state(self):
        with self._cond:
            return self._state()

    def _state(self):
        shared = dict(self._shared())
        for lk in self._locks:
            shared["lock " + lk.name] = lk.owner
        threads = [self._threads[n] for n in self._names]
        return {
            "threads": [t.public() for t in threads],
            "shared": shared,
            "steps": list(self._steps),
            "over": not any(t.state == "gate" for t in threads),
        }

    def _settled(self):
        # Every thread stands still: at a gate, finished, or blocked in a lock someone else holds.
        # A thread blocked in a lock just released is about to take it: not yet.
        for t in self._threads.values():
            if t.state in ("gate", "done"):
                continue
            if t.state == "blocked" and t.blocked["heldBy"] not in (None, t.name):
                continue
            return False
        return True

    def _settle(self):
        # Called under the condition after every change: publish once everything stands still.
        self._cond.notify_all()
        if not self._settled():
            return
        send({"type": "schedule", "schedule": self._state(), "step": self._pending})
        self._pending = None
        if not connected():
            self._print()

    def _print(self):
        s = self._state()
        print("  ".join("%s=%s" % kv for kv in s["shared"].items()))
        for t in s["threads"]:
            nxt = t["next"]
            if t["blocked"]:
                what = "blocked: waits for lock %s, held by %s" % (t["blocked"]["lock"], t["blocked"]["heldBy"])
            else:
                what = "next: %s" % (nxt["at"] if nxt else "finished")
            print("  %s %s %s" % (t["name"], what, t["locals"]))
        if not s["over"]:
            print("step which thread? (1, 2, ...)")


class _Stepped:
    """One thread's record in the Scheduler."""

    def __init__(self, name):
        self.name = name
        self.tid = 0
        self.state = "new"  # new, gate, running, blocked, done
        self.next = None
        self.blocked = None
        self.values = {}
        self.iteration = 1
        self.taken = 0
        self.go = threading.Event()

    def public(self):
        return {
            "name": self.name,
            "tid": self.tid,
            "next": self.next if self.state != "done" else None,
            "blocked": self.blocked,
            "locals": dict(self.values),
            "iteration": self.iteration,
            "taken": self.taken,
        }


class SteppedLock:
    """A threading.Lock under a Scheduler: who holds it is known, and a thread that must wait says so.

    It also reports {"type": "lock", "thread", "lock", "event": "waiting" | "held" |
    "gave-up" | "released"} as deadlock.py's locks do, so ProcLab can draw the
    wait-for graph. "waiting" is said only when the lock is really taken by another.
    """

    def __init__(self, sched, name):
        self.name = name
        self.owner = None
        self._sched = sched
        self._lock = threading.Lock()

    def _say(self, event):
        send({"type": "lock", "thread": threading.current_thread().name, "lock": self.name, "event": event})

    def acquire(self, timeout=-1):
        s = self._sched
        t = s._threads[threading.current_thread().name]
        with s._cond:
            got = self._lock.acquire(blocking=False)
            if got:
                self.owner = t.name
                self._say("held")
                return True
            # Taken by another thread: say so, then really wait for it below.
            self._say("waiting")
            t.state = "blocked"
            t.blocked = {"lock": self.name, "heldBy": self.owner}
            s._settle()
        got = self._lock.acquire(timeout=timeout)  # blocks in the kernel until the holder releases
        with s._cond:
            t.state = "running"
            t.blocked = None
            if got:
                self.owner = t.name
                for other in s._threads.values():  # the others still waiting now wait for this thread
                    if other.blocked is not None and other.blocked["lock"] == self.name:
                        other.blocked = {"lock": self.name, "heldBy": t.name}
            self._say("held" if got else "gave-up")
            s._cond.notify_all()
        return got

    def release(self):
        s = self._sched
        with s._cond:
            # Said while still held, so no other thread's "held" can arrive first.
            self._say("released")
            self.owner = None
            for t in s._threads.values():
                if t.blocked is not None and t.blocked["lock"] == self.name:
                    t.blocked = {"lock": self.name, "heldBy": None}
            self._lock.release()
