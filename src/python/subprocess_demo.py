"""The tutorial's subprocess example (ProcLab's scenario `subprocess`).

    p = subprocess.Popen(['nslookup'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output, err = p.communicate(b'set q=mx\\npython.org\\nexit\\n')
    print(output.decode('utf-8'))
    print('Exit code:', p.returncode)

First the tutorial's subprocess.call(['nslookup', 'www.python.org']), as it is,
where nslookup is installed (it needs a network to answer; without one it says
so and exits non-zero). Then the program fed by communicate() is a local one
(by default `sort`, given a few lines), since a name server may not be reachable. First, a probe: a fresh Python prints
the arguments it received, given one argument full of shell syntax. Passed as
a list, with no shell, it arrives unchanged and in one piece; with shell=True
(the `shell` option) the shell splits it at ';', expands $HOME and runs
`echo injected` as a command of its own.

Run it by hand: python3 subprocess_demo.py
"""

import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

import proclab

PROBE_ARG = "$HOME; echo injected"
ARGV_PROBE = "import json, sys; print(json.dumps(sys.argv[1:]))"
# How much of each stream is kept (as the Node mode keeps).
KEEP = 256 * 1024



def unsearchable_path_dir():
    """The first folder on PATH this user may not search, or None."""
    for d in os.environ.get("PATH", "").split(os.pathsep):
        if d and not os.access(d, os.X_OK):
            return d
    return None

def command(argv, shell):
    """The list as is; with a shell, the command line a hurried programmer would write (arguments not quoted)."""
    return " ".join(argv) if shell else argv


def report_exit(p):
    if p.returncode >= 0:
        proclab.exited(p.pid, p.returncode)
    else:  # -n: ended by signal n
        proclab.exited(p.pid, None, signal.Signals(-p.returncode).name)


def probe(shell):
    argv = [shlex.quote(sys.executable), "-c", shlex.quote(ARGV_PROBE), PROBE_ARG] if shell else [sys.executable, "-c", ARGV_PROBE, PROBE_ARG]
    print("$ %s" % (command(argv, True) if shell else shlex.join(argv)))
    p = subprocess.Popen(command(argv, shell), shell=shell, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proclab.adopt(p.pid, "argv probe")
    out, _ = p.communicate(timeout=30)
    report_exit(p)
    lines = out.decode("utf-8", "replace").splitlines()
    print("\n".join(lines))
    try:
        received = json.loads(lines[0]) if lines else None
    except ValueError:
        received = None
    return {"sent": PROBE_ARG, "argv": received, "extra": lines[1:]}


def communicate(p, data, timeout):
    """p.communicate(data), the real method, keeping only the head of stdout and stderr.

    A program may print without end (try `yes`): communicate() keeps all of it
    in memory. So it is called with a short timeout, again and again (a retry
    loses no output, as the docs say), and the TimeoutExpired it raises
    carries what was read so far: past KEEP bytes, or past the time limit, the
    program is killed and communicate() collects the rest. Returns
    (stdout, stderr, timed_out, cut).
    """
    deadline = time.monotonic() + timeout
    first = True
    timed_out = cut = False
    while True:
        try:
            # Input only on the first call: communicate() refuses it once started.
            out, err = p.communicate(data if first else None, timeout=0.05)
            break
        except subprocess.TimeoutExpired as e:
            first = False
            cut = len(e.output or b"") > KEEP or len(e.stderr or b"") > KEEP
            timed_out = not cut and time.monotonic() >= deadline
            if cut or timed_out:
                p.kill()
                try:
                    out, err = p.communicate(timeout=2)
                except subprocess.TimeoutExpired as late:
                    # A grandchild (behind a shell) still holds the pipes: keep what came.
                    out, err = late.output or b"", late.stderr or b""
                break
    return (out or b"")[:KEEP], (err or b"")[:KEEP], timed_out, cut


def tutorial_call():
    """The tutorial's first example, as it is: subprocess.call() runs nslookup and returns its exit code."""
    argv = ["nslookup", "www.python.org"]
    if shutil.which(argv[0]) is None:
        print("nslookup is not installed here: the tutorial's subprocess.call() example is skipped.")
        return {"argv": argv, "missing": True, "code": None, "timedOut": False, "ms": 0}
    print("$ nslookup www.python.org")
    started = time.monotonic()
    sys.stdout.flush()  # its output goes to the same stdout as ours, after what we printed
    try:
        r = subprocess.call(argv, timeout=10)
        timed_out = False
    except subprocess.TimeoutExpired:
        r, timed_out = None, True
    print("Exit code:", r)
    return {"argv": argv, "missing": False, "code": r, "timedOut": timed_out, "ms": round((time.monotonic() - started) * 1000)}


def main():
    opts = proclab.options()
    program = opts.get("program", "sort")
    args = list(opts.get("args", []))
    stdin = opts.get("stdin", "cherry\napple\nbanana\ndate\n") if opts.get("sendStdin", True) else None
    timeout_s = opts.get("timeoutMs", 10_000) / 1000
    shell = bool(opts.get("shell", False))

    called = tutorial_call() if opts.get("callExample", True) else None
    found = probe(shell)

    argv = [program] + args
    print("$ %s" % (command(argv, True) if shell else shlex.join(argv)))
    started = time.monotonic()
    try:
        p = subprocess.Popen(
            command(argv, shell),
            shell=shell,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        print("program not found: %s" % program, file=sys.stderr)
        proclab.result({"language": "python", "notFound": program})
        return
    except PermissionError:
        # exec reports EACCES when a folder on PATH may not be searched and the program was in
        # none of the others: not found, to the user. A program that is there but may not run
        # (shutil.which finds it) is the PermissionError it is.
        blocked = None if os.sep in program or shutil.which(program) else unsearchable_path_dir()
        if blocked is None:
            raise
        print("program not found: %s (a folder on PATH could not be searched: %s)" % (program, blocked), file=sys.stderr)
        proclab.result({"language": "python", "notFound": program, "blocked": blocked})
        return
    proclab.adopt(p.pid, "program", os.path.basename(program))
    proclab.live({"pid": p.pid, "program": program, "args": args, "stdinBytes": None if stdin is None else len(stdin.encode())})
    output, err, timed_out, cut = communicate(p, None if stdin is None else stdin.encode(), timeout_s)
    duration_ms = (time.monotonic() - started) * 1000
    report_exit(p)
    print(output.decode("utf-8", "replace"))
    if err:
        print(err.decode("utf-8", "replace"), file=sys.stderr)
    print("Exit code:", p.returncode)

    code = p.returncode if p.returncode >= 0 else None
    proclab.result(
        {
            "language": "python",
            "shell": shell,
            "call": called,
            "probe": found,
            "pid": p.pid,
            "argv": argv,
            "exitCode": code,
            "signal": None if code is not None else signal.Signals(-p.returncode).name,
            "timedOut": timed_out,
            "outputCut": cut,
            "durationMs": round(duration_ms),
            "stdinBytes": None if stdin is None else len(stdin.encode()),
            "stdout": output.decode("utf-8", "replace"),
            "stderr": err.decode("utf-8", "replace"),
        }
    )


if __name__ == "__main__":
    main()
