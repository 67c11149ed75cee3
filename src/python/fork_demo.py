"""The tutorial's os.fork() example, measured (ProcLab's scenario `fork`).

    pid = os.fork()
    if pid == 0: print('I am child process ...')
    else:        print('I (...) just created a child process (...).')

os.fork() copies the running process: the child continues from the fork()
call with a copy of every variable, and fork() returns 0 in the child and the
child's pid in the parent. This program shows both, and what it costs:

- a marker drawn BEFORE fork() is the same in the child (its memory is a copy);
- a variable the child changes after fork() stays unchanged in the parent (a
  copy, not shared memory);
- the time from fork() to the child's first statement, next to the time a
  fresh interpreter (sys.executable started by subprocess) takes to reach its
  first statement: a fork copies a running process, a new interpreter has to
  start from nothing.

Only works on Unix/Linux/Mac: Windows has no fork(), and this program says so.
Run it by hand: python3 fork_demo.py
"""

import json
import os
import random
import subprocess
import sys
import time

import proclab

# What a fresh interpreter runs: report when its first statement ran (same
# monotonic clock as ours), its pid and a marker of its own.
FRESH = (
    "import json, os, random, time; "
    "print(json.dumps({'at': time.monotonic() * 1000, 'pid': os.getpid(), "
    "'marker': '%06x' % random.getrandbits(24)}), flush=True)"
)


def signal_name(number):
    import signal

    return signal.Signals(number).name


def main():
    opts = proclab.options()
    hold_s = opts.get("holdMs", 1000) / 1000

    marker = "%06x" % random.getrandbits(24)  # drawn before fork(): the child gets a copy
    value = 100
    print("Process (%s) start..." % os.getpid())
    print("Parent: my marker is %s" % marker)

    if not hasattr(os, "fork"):
        # Only works on Unix/Linux/Mac (the tutorial says so): Windows has no fork().
        print("os.fork() does not exist on this system (%s): only Unix/Linux/Mac have it." % sys.platform)
        proclab.result({"language": "python", "forkAvailable": False, "parentPid": os.getpid(), "parentMarker": marker})
        return

    r, w = os.pipe()
    go_r, go_w = os.pipe()  # the parent's "you are on ProcLab's list": the child's output then shows under its pid
    forked_at = proclab.now_ms()
    pid = os.fork()
    if pid == 0:
        # The child: it starts here, with a copy of the parent's memory.
        at = proclab.now_ms()
        os.close(r)
        value += 1  # changes the child's copy only
        hello = {"pid": os.getpid(), "ppid": os.getppid(), "marker": marker, "forkReturned": pid, "at": at, "value": value}
        os.write(w, (json.dumps(hello) + "\n").encode())
        os.close(w)
        os.close(go_w)
        os.read(go_r, 1)
        proclab.say("I am child process (%s) and my parent is %s." % (os.getpid(), os.getppid()))
        proclab.say("Child: fork() returned %s to me; my marker is %s, copied from the parent." % (pid, marker))
        time.sleep(hold_s)  # stay a moment so both can be seen in the process tree
        sys.stdout.flush()
        os._exit(0)

    os.close(w)
    os.close(go_r)
    proclab.adopt(pid, "child")
    os.write(go_w, b"1")
    os.close(go_w)
    print("I (%s) just created a child process (%s)." % (os.getpid(), pid))
    with os.fdopen(r) as pipe:
        line = pipe.readline()
    hello = json.loads(line) if line else None
    _, status = os.waitpid(pid, 0)
    proclab.exit_status(pid, status)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    signal = None if code is not None else signal_name(os.WTERMSIG(status))
    print("Child %s ended with code %s; my value is still %s." % (pid, code, value))

    # The other way to get a second Python process: a fresh interpreter.
    started_at = proclab.now_ms()
    fresh = subprocess.Popen([sys.executable, "-c", FRESH], stdout=subprocess.PIPE, text=True)
    proclab.adopt(fresh.pid, "fresh interpreter")
    first = json.loads(fresh.stdout.readline() or "null")
    fresh.wait()
    proclab.exited(fresh.pid, fresh.returncode)
    fresh_ms = first["at"] - started_at if first else None
    child_ms = hello["at"] - forked_at if hello else None
    if child_ms is not None and fresh_ms is not None:
        print("os.fork() to the child's first statement: %.1f ms; a fresh interpreter: %.1f ms." % (child_ms, fresh_ms))

    proclab.result(
        {
            "language": "python",
            "forkAvailable": True,
            "parentPid": os.getpid(),
            "parentMarker": marker,
            "childPid": pid,
            "hello": None
            if hello is None
            else {
                "pid": hello["pid"],
                "ppid": hello["ppid"],
                "marker": hello["marker"],
                "afterMs": child_ms,
                "forkReturned": hello["forkReturned"],
                "value": hello["value"],
            },
            "childExit": {"pid": pid, "code": code, "signal": signal},
            "valueBefore": 100,
            "parentValueAfter": value,
            "fresh": None
            if first is None
            else {"pid": fresh.pid, "afterMs": fresh_ms, "marker": first["marker"], "code": fresh.returncode},
        }
    )


if __name__ == "__main__":
    main()
