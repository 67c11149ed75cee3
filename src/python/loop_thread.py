"""threads (多线程): the tutorial's LoopThread, started and joined.

The main thread starts a thread named LoopThread, which counts with a pause
after each number, printing the name threading.current_thread() gives it; the
main thread waits for it with join() and only then says it has ended.

Every line is also recorded with the OS thread that printed it
(threading.get_native_id()) and the process (os.getpid()), so ProcLab can check
that two threads of one process did the printing, each under its own name, and
that join() really waited. proclab.thread() names each thread in ProcLab's
thread list (Python does not hand thread names to the OS).

Run by hand: python3 loop_thread.py
"""

import os
import threading
import time

import proclab

lines = []


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
    say("thread %s is running..." % threading.current_thread().name)
    t = threading.Thread(target=loop, args=(count, pause), name="LoopThread")
    t.start()
    loop_tid = t.native_id
    t.join()
    joined_at = time.time() * 1000
    say("thread %s ended." % threading.current_thread().name)
    proclab.result(
        {
            "language": "python",
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
