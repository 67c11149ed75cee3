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
