"""The tutorial's subprocess example (ProcLab's scenario `subprocess`).

    p = subprocess.Popen(['nslookup'], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    output, err = p.communicate(b'set q=mx\\npython.org\\nexit\\n')
    print(output.decode('utf-8'))
    print('Exit code:', p.returncode)

There is no network here, so the program fed by communicate() is a local one
(by default `sort`, given a few lines). First, a probe: a fresh Python prints
the arguments it received, given one argument full of shell syntax. Passed as
a list, with no shell, it arrives unchanged and in one piece; with shell=True
(the `shell` option) the shell splits it at ';', expands $HOME and runs
`echo injected` as a command of its own.

Run it by hand: python3 subprocess_demo.py
"""

import json
import os
import shlex
import signal
import subprocess
import sys
import time

import proclab

PROBE_ARG = "$HOME; echo injected"
ARGV_PROBE = "import json, sys; print(json.dumps(sys.argv[1:]))"


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


def main():
    opts = proclab.options()
    program = opts.get("program", "sort")
    args = list(opts.get("args", []))
    stdin = opts.get("stdin", "cherry\napple\nbanana\ndate\n") if opts.get("sendStdin", True) else None
    timeout_s = opts.get("timeoutMs", 10_000) / 1000
    shell = bool(opts.get("shell", False))

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
    proclab.adopt(p.pid, "program", os.path.basename(program))
    proclab.live({"pid": p.pid, "program": program, "args": args, "stdinBytes": None if stdin is None else len(stdin.encode())})
    timed_out = False
    try:
        output, err = p.communicate(None if stdin is None else stdin.encode(), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        p.kill()
        output, err = p.communicate()
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
            "probe": found,
            "pid": p.pid,
            "argv": argv,
            "exitCode": code,
            "signal": None if code is not None else signal.Signals(-p.returncode).name,
            "timedOut": timed_out,
            "durationMs": round(duration_ms),
            "stdinBytes": None if stdin is None else len(stdin.encode()),
            "stdout": output.decode("utf-8", "replace")[:262144],
            "stderr": err.decode("utf-8", "replace")[:262144],
        }
    )


if __name__ == "__main__":
    main()
