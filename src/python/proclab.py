"""ProcLab's side of the child protocol, for its Python programs.

ProcLab starts each Python program with an IPC channel: a socket whose file
descriptor number is in the NODE_CHANNEL_FD environment variable, carrying one
JSON object per line. Over it a program reports the processes it starts (so
they appear in ProcLab's process tree with their roles), how they ended, what
its threads are called, its live state for the view, and last its result.

Run by hand (``python3 fork_demo.py``) there is no channel: every report is
dropped, except the result, which is printed. So each program also runs as a
plain Python program in a terminal, as the tutorial's examples do.

Standard library only.
"""

import json
import os
import sys
import threading
import time

_fd = int(os.environ["NODE_CHANNEL_FD"]) if "NODE_CHANNEL_FD" in os.environ else None
# Threads of one process share the channel: one whole line at a time.
_lock = threading.Lock()


def options():
    """The run's options, as ProcLab passes them (first argument, JSON); {} by hand."""
    if len(sys.argv) > 1 and sys.argv[1].startswith("{"):
        return json.loads(sys.argv[1])
    return {}


def connected():
    return _fd is not None


def send(message):
    """Sends one message to ProcLab (nothing when run by hand)."""
    if _fd is None:
        return
    data = (json.dumps(message) + "\n").encode("utf-8")
    with _lock:
        while data:
            written = os.write(_fd, data)
            data = data[written:]


def live(state):
    """The run's live state, drawn by the scenario's view while it runs."""
    send({"type": "live", "live": state})


def result(value):
    """The program's result, which ProcLab's checks judge. Send it last."""
    if _fd is None:
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
    if _fd is None:
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
