"""threads (多线程): the tutorial's LoopThread, started and joined.

The main thread starts a thread named LoopThread, which counts with a pause
after each number, printing the name threading.current_thread() gives it; the
main thread waits for it with join() and only then says it has ended.

Every line is also recorded with the OS thread that printed it
(threading.get_native_id()) and the process (os.getpid()), so ProcLab can check
that two threads of one process did the printing, each under its own name, and
that join() really waited. proclab.thread() names each thread in ProcLab's
thread list: Python before 3.14 does not hand thread names to the OS, and the
program reports what the OS calls each thread, so the difference shows.

Run by hand: python3 loop_thread.py
"""

import os
import sys
import threading
import time

import proclab

lines = []
os_names = {}


def os_name():
    # What the OS calls the calling thread: Python 3.14+ sets it from the
    # thread's name (on Linux, its first 15 bytes); before, it is the process's
    # name. Only Linux lets a program read it this simply; elsewhere None.
    try:
        with open("/proc/self/task/%d/comm" % threading.get_native_id()) as f:
            return f.read().strip()
    except OSError:
        return None


def say(text):
    print(text)
    lines.append(
        {
            "thread": threading.current_thread().name,
            "tid": threading.get_native_id(),
            "pid": os.getpid(),
            "text": text,
            "at": time.time() * 1000,
        }
    )


def loop(count, pause):
    proclab.thread(threading.current_thread().name)
    os_names[threading.current_thread().name] = os_name()
    say("thread %s is running..." % threading.current_thread().name)
    n = 0
    while n < count:
        n = n + 1
        say("thread %s >>> %s" % (threading.current_thread().name, n))
        time.sleep(pause)
    say("thread %s ended." % threading.current_thread().name)


def main():
    o = proclab.options()
    count = int(o.get("count", 5))
    pause = int(o.get("pauseMs", 1000)) / 1000
    proclab.thread(threading.current_thread().name)
    os_names[threading.current_thread().name] = os_name()
    say("thread %s is running..." % threading.current_thread().name)
    # The name Python gives a thread nobody named (never started): "Thread-1"
    # in the tutorial's Python, "Thread-1 (loop)" since 3.10.
    default_name = threading.Thread(target=loop).name
    t = threading.Thread(target=loop, args=(count, pause), name="LoopThread")
    t.start()
    loop_tid = t.native_id
    t.join()
    joined_at = time.time() * 1000
    say("thread %s ended." % threading.current_thread().name)
    proclab.result(
        {
            "language": "python",
            "python": "%d.%d.%d" % sys.version_info[:3],
            "osNames": os_names,
            "defaultName": default_name,
            "count": count,
            "lines": lines,
            "pid": os.getpid(),
            "mainTid": threading.main_thread().native_id,
            "loopTid": loop_tid,
            "joinedAt": joined_at,
        }
    )


if __name__ == "__main__":
    main()
