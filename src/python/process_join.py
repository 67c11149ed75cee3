"""The tutorial's multiprocessing.Process example (ProcLab's scenario `process-join`).

    p = Process(target=run_proc, args=('test',))
    p.start()
    p.join()

join() waits until the child has ended. One thing the tutorial does not say,
measured here: the value the target function returns is thrown away, so
p.exitcode is 0 whatever run_proc returns; only sys.exit(n) in the child makes
p.exitcode n. So the parent starts two children: the tutorial's run_proc, which
returns the exit code asked for, and the same function ending with sys.exit().

Run it by hand: python3 process_join.py
"""

import os
import signal
import sys
import time
from multiprocessing import Process, Value

import proclab


# 子进程要执行的代码 (the code the child runs)
def run_proc(name, work_ms, code, ended_at, use_exit):
    print("Run child process %s (%s)..." % (name, os.getpid()), flush=True)
    time.sleep(work_ms / 1000)  # the "work": join() in the parent has to wait for it
    ended_at.value = time.time() * 1000  # the child's last moment, on the wall clock the parent reads too
    if use_exit:
        print("Child process %s (%s) calls sys.exit(%s)." % (name, os.getpid(), code), flush=True)
        sys.exit(code)
    print("Child process %s (%s) returns %s." % (name, os.getpid(), code), flush=True)
    return code


def start_and_join(name, work_ms, code, use_exit, role):
    ended_at = Value("d", 0.0)
    p = Process(target=run_proc, args=(name, work_ms, code, ended_at, use_exit))
    print("Child process will start.")
    started = time.time() * 1000
    p.start()
    proclab.adopt(p.pid, role)
    p.join()  # waits until the child has ended
    joined_at = time.time() * 1000
    if p.exitcode >= 0:
        proclab.exited(p.pid, p.exitcode)
    else:  # -n: ended by signal n
        proclab.exited(p.pid, None, signal.Signals(-p.exitcode).name)
    print("Child process end: join() returned after %d ms; p.exitcode = %s." % (joined_at - started, p.exitcode))
    return {
        "pid": p.pid,
        "startedAt": started,
        "childEndedAt": ended_at.value or None,
        "joinedAt": joined_at,
        "joinedMs": round(joined_at - started),
        "exitCode": p.exitcode,
    }


def main():
    opts = proclab.options()
    name = opts.get("name", "test")
    work_ms = opts.get("workMs", 1500)
    code = opts.get("exitCode", 7)

    print("Parent process %s." % os.getpid())
    returned = start_and_join(name, work_ms, code, False, "child")
    print("run_proc returned %s, yet p.exitcode is %s: Process ignores the target's return value." % (code, returned["exitCode"]))
    exited = start_and_join(name, work_ms, code, True, "child (sys.exit)")
    print("With sys.exit(%s) in the child, p.exitcode is %s." % (code, exited["exitCode"]))
    proclab.result({"language": "python", "parentPid": os.getpid(), "returned": code, "child": returned, "sysExit": exited})


if __name__ == "__main__":
    main()
