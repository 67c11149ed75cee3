"""The tutorial's multiprocessing.Process example (ProcLab's scenario `process-join`).

    p = Process(target=run_proc, args=('test',))
    p.start()
    p.join()

join() waits until the child has ended. One thing the tutorial does not say,
measured here: the value the target function returns is thrown away, so
p.exitcode is 0 whatever run_proc returns; only sys.exit(n) in the child makes
p.exitcode n. So the parent starts two children: the tutorial's run_proc, which
returns the exit code asked for, and the same function ending with sys.exit().

The tutorial says multiprocessing wraps fork() on Unix. That is one of three
start methods (multiprocessing.get_all_start_methods()): fork copies the
parent; spawn starts a fresh interpreter, which imports this file again (as
__mp_main__: hence the `if __name__ == "__main__"` guard at the bottom) and
unpickles the target and its arguments by name; forkserver forks each child
from a server process started once, pickling as spawn does. Windows has only
spawn; macOS defaults to spawn; Linux to fork before Python 3.14 and to
forkserver from 3.14. The run's option chooses one (default: this Python's
own). The program also measures what starting a child costs under every
method this system has, and what a lambda as target does under the chosen one.

Run it by hand: python3 process_join.py ['{"startMethod": "spawn"}']
"""

import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import proclab

# Which process ran this file's top level. Under fork the child inherits the
# parent's value; under spawn (and in forkserver's server) the file is
# imported again, so the top level runs again: everything outside the
# __main__ guard below runs once more per spawned child.
TOP_LEVEL_PID = os.getpid()

START_COST_RUNS = 3
_reported = set()  # the fork server, reported once


# 子进程要执行的代码 (the code the child runs)
def run_proc(name, work_ms, code, report, use_exit):
    # The child's first statement: when it ran (the parent knows when it called start()),
    # and what this process is: the module name it sees, where the top level ran, its parent.
    report.send({"firstAt": proclab.now_ms(), "moduleName": __name__, "topLevelPid": TOP_LEVEL_PID, "ppid": os.getppid()})
    print("Run child process %s (%s)..." % (name, os.getpid()), flush=True)
    time.sleep(work_ms / 1000)  # the "work": join() in the parent has to wait for it
    report.send({"endedAt": time.time() * 1000})  # the child's last moment, on the wall clock the parent reads too
    if use_exit:
        print("Child process %s (%s) calls sys.exit(%s)." % (name, os.getpid(), code), flush=True)
        sys.exit(code)
    print("Child process %s (%s) returns %s." % (name, os.getpid(), code), flush=True)
    return code


def fail():
    """A target that raises: multiprocessing prints the traceback and the child exits with 1."""
    raise ValueError("run_proc failed")


def wait():
    """A target that would run a minute: the parent ends it with terminate() (SIGTERM)."""
    time.sleep(60)


def exit_codes(ctx):
    """p.exitcode for the two other ways a child ends: an exception (1) and a signal (-N)."""
    out = {}
    for kind, target in (("raised", fail), ("terminated", wait)):
        p = ctx.Process(target=target)
        p.start()
        proclab.adopt(p.pid, "child (%s)" % ("raises" if kind == "raised" else "terminate()"))
        if kind == "terminated":
            p.terminate()
        p.join()
        if p.exitcode >= 0:
            proclab.exited(p.pid, p.exitcode)
        else:
            proclab.exited(p.pid, None, signal.Signals(-p.exitcode).name)
        out[kind] = p.exitcode
        print("A child that %s: p.exitcode = %s." % ("raises ValueError" if kind == "raised" else "is ended by terminate()", p.exitcode))
    out["sigterm"] = int(signal.SIGTERM)
    return out


def first_statement(report):
    """A child that only says when its first statement ran: the start cost."""
    report.send(proclab.now_ms())


def received(conn):
    """Everything a child sent on its end of a pipe, until it closed."""
    out = {}
    try:
        while conn.poll():
            out.update(conn.recv())
    except EOFError:
        pass
    return out


def fork_server_pid(method):
    """forkserver: the server process that forks the children (a private attribute, stable since 3.4)."""
    if method != "forkserver":
        return None
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None)


def start_and_join(ctx, name, work_ms, code, use_exit, role):
    reader, writer = ctx.Pipe(duplex=False)
    p = ctx.Process(target=run_proc, args=(name, work_ms, code, writer, use_exit))
    print("Child process will start.")
    started = time.time() * 1000
    started_mono = proclab.now_ms()
    p.start()
    writer.close()  # the child holds its own end now: reading ends when the child's does
    server = fork_server_pid(ctx.get_start_method())
    if server is not None and server not in _reported:
        _reported.add(server)
        proclab.adopt(server, "fork server")  # the parent's own child; it forks the children from here on
    proclab.adopt(p.pid, role)
    p.join()  # waits until the child has ended
    joined_at = time.time() * 1000
    if p.exitcode >= 0:
        proclab.exited(p.pid, p.exitcode)
    else:  # -n: ended by signal n
        proclab.exited(p.pid, None, signal.Signals(-p.exitcode).name)
    seen = received(reader)
    reader.close()
    print("Child process end: join() returned after %d ms; p.exitcode = %s." % (joined_at - started, p.exitcode))
    return {
        "pid": p.pid,
        "startedAt": started,
        "childEndedAt": seen.get("endedAt"),
        "joinedAt": joined_at,
        "joinedMs": round(joined_at - started),
        "exitCode": p.exitcode,
        "startMs": round(seen["firstAt"] - started_mono, 1) if "firstAt" in seen else None,
        "moduleName": seen.get("moduleName"),
        "topLevelPid": seen.get("topLevelPid"),
        "reportedPpid": seen.get("ppid"),
        "forkServerPid": server,
    }


def start_costs():
    """Start() to the child's first statement, START_COST_RUNS times under every method this system has."""
    costs = {}
    for method in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context(method)
        runs = []
        for _ in range(START_COST_RUNS):
            reader, writer = ctx.Pipe(duplex=False)
            p = ctx.Process(target=first_statement, args=(writer,))
            t0 = proclab.now_ms()
            p.start()
            writer.close()
            proclab.adopt(p.pid, "start cost (%s)" % method)
            p.join()
            proclab.exited(p.pid, p.exitcode)
            if reader.poll(5):
                runs.append(round(reader.recv() - t0, 1))
            reader.close()
        if runs:
            # forkserver's first start also starts its server: the median is the usual cost.
            costs[method] = {"firstMs": runs[0], "medianMs": statistics.median(runs), "runs": len(runs)}
            print("Start cost under %s: first %.1f ms, median of %d %.1f ms." % (method, runs[0], len(runs), costs[method]["medianMs"]))
    return costs


def lambda_target(ctx):
    """A lambda as the target: fork copies it with the process; spawn and forkserver must pickle it, by name."""
    p = ctx.Process(target=lambda: print("The lambda ran in child %s." % os.getpid(), flush=True))
    try:
        p.start()
    except Exception as err:  # the pickling error multiprocessing raised, as it is
        error = "%s: %s" % (type(err).__name__, err)
        print("A lambda as target under %s: start() raised %s" % (ctx.get_start_method(), error))
        return {"error": error}
    proclab.adopt(p.pid, "child (lambda)")
    p.join()
    proclab.exited(p.pid, p.exitcode)
    print("A lambda as target under %s: it ran (p.exitcode = %s)." % (ctx.get_start_method(), p.exitcode))
    return {"exitCode": p.exitcode}


# A program without the __main__ guard: what the tutorial's idiom protects against.
UNGUARDED = '''import multiprocessing


def f():
    print("f ran in the child")


# No `if __name__ == "__main__":` around these lines.
p = multiprocessing.get_context(%r).Process(target=f)
p.start()
p.join()
print("exitcode %%s" %% p.exitcode)
'''


def without_guard(method):
    """Runs UNGUARDED under `method` in a fresh interpreter: under spawn and forkserver its child imports it again."""
    folder = tempfile.mkdtemp(prefix="proclab-")
    try:
        path = os.path.join(folder, "unguarded.py")
        with open(path, "w") as f:
            f.write(UNGUARDED % method)
        prog = subprocess.Popen([sys.executable, path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        proclab.adopt(prog.pid, "program without the guard")
        try:
            out, err = prog.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            prog.kill()
            out, err = prog.communicate()
        proclab.exited(prog.pid, prog.returncode)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    code = re.search(r"exitcode (-?\d+)", out)
    # The child's error as Python raised it: its type and first sentence (the rest is advice on the idiom).
    raised = re.search(r"^(\w+Error):\s*(.*?\.)(?:\s|$)", err, re.M | re.S)
    error = "%s: %s" % (raised.group(1), " ".join(raised.group(2).split())) if raised else None
    print("The same program without the __main__ guard under %s: child exit code %s%s" % (method, code.group(1) if code else "?", ", " + error if error else ""))
    return {"exitCode": int(code.group(1)) if code else None, "error": error}


def main():
    opts = proclab.options()
    name = opts.get("name", "test")
    work_ms = opts.get("workMs", 1500)
    code = opts.get("exitCode", 7)
    default_method = multiprocessing.get_start_method()
    method = opts.get("startMethod") or default_method
    ctx = multiprocessing.get_context(method)

    print("Parent process %s; start method %s (this Python's default: %s)." % (os.getpid(), method, default_method))
    returned = start_and_join(ctx, name, work_ms, code, False, "child")
    print("run_proc returned %s, yet p.exitcode is %s: Process ignores the target's return value." % (code, returned["exitCode"]))
    exited = start_and_join(ctx, name, work_ms, code, True, "child (sys.exit)")
    print("With sys.exit(%s) in the child, p.exitcode is %s." % (code, exited["exitCode"]))
    proclab.result(
        {
            "language": "python",
            "parentPid": os.getpid(),
            "returned": code,
            "child": returned,
            "sysExit": exited,
            "startMethod": method,
            "defaultMethod": default_method,
            "availableMethods": multiprocessing.get_all_start_methods(),
            "topLevelPid": TOP_LEVEL_PID,
            "exitCodes": exit_codes(ctx),
            "lambdaTarget": lambda_target(ctx),
            "withoutGuard": without_guard(method),
            "startCosts": start_costs(),
        }
    )


if __name__ == "__main__":
    main()
