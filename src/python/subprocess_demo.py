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
import threading
import time

import proclab

PROBE_ARG = "$HOME; echo injected"
ARGV_PROBE = "import json, sys; print(json.dumps(sys.argv[1:]))"
# How much of each stream is kept (as the Node mode keeps).
KEEP = 256 * 1024


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
    """p.communicate(data, timeout), keeping only the head of stdout and stderr.

    A program may print without end (try `yes`): Popen.communicate() would
    keep all of it in memory. This reads both streams to their end, as
    communicate() does, but keeps the first KEEP bytes of each; and at the time
    limit it kills the program. Returns (stdout, stderr, timed_out).
    """
    heads = {}

    def drain(name, stream):
        head = bytearray()
        for chunk in iter(lambda: stream.read1(65536), b""):
            if len(head) < KEEP:
                head += chunk[: KEEP - len(head)]
        heads[name] = bytes(head)

    def feed():
        try:
            if data:
                p.stdin.write(data)
            p.stdin.close()  # end of input: the program sees EOF
        except (BrokenPipeError, OSError):
            pass  # the program ended (or closed stdin) before reading it all

    threads = [threading.Thread(target=drain, args=(n, s), daemon=True) for n, s in (("out", p.stdout), ("err", p.stderr))]
    if data is not None:
        threads.append(threading.Thread(target=feed, daemon=True))
    for t in threads:
        t.start()
    timed_out = False
    try:
        p.wait(timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        p.kill()
        p.wait()
    for t in threads:
        t.join(2)  # a grandchild (behind a shell) may hold a pipe open: do not wait for it for ever
    return heads.get("out", b""), heads.get("err", b""), timed_out


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
    output, err, timed_out = communicate(p, None if stdin is None else stdin.encode(), timeout_s)
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
            "stdout": output.decode("utf-8", "replace"),
            "stderr": err.decode("utf-8", "replace"),
        }
    )


if __name__ == "__main__":
    main()
