"""thread-local (ThreadLocal): each thread its own student, with threading.local().

The tutorial's program: every thread binds its student to the global
ThreadLocal object local_school, and process_student() reads it back without
being passed it. Then the same program with a plain global variable instead:
one value shared by every thread. Last, the tutorial's own middle way: a
global dict with the thread itself as the key (global_dict[threading.current_thread()]),
which works and which threading.local() does for you.

To make the difference show every time, each thread binds its student and then
waits at a barrier until every thread has bound one, and only then reads it
back. With threading.local() each thread still reads its own student; with the
plain global every thread reads whatever the last thread wrote.

Run by hand: python3 thread_local.py
"""

import os
import sys
import threading
import time

import proclab

# The tutorial's global ThreadLocal object:
local_school = threading.local()
# A plain global, for comparison: one value for every thread.
student = None
# The tutorial's global dict keyed by the thread itself (a dict's item
# assignment is one operation under the GIL; each thread touches only its key).
global_dict = {}

rows = []
rows_lock = threading.Lock()


def process_student(variant):
    # Get the student bound to the current thread (or the one global value):
    if variant == "thread-local":
        std = local_school.student
    elif variant == "thread-dict":
        std = global_dict[threading.current_thread()]
    else:
        std = student
    # print(), as one write: the threads print at the same moment here.
    sys.stdout.write("Hello, %s (in %s)\n" % (std, threading.current_thread().name))
    return std


def process_thread(name, variant, barrier, pause):
    global student
    proclab.thread(threading.current_thread().name)
    # Bind the ThreadLocal's student (or the global):
    if variant == "thread-local":
        local_school.student = name
    elif variant == "thread-dict":
        global_dict[threading.current_thread()] = name
    else:
        student = name
    time.sleep(pause)
    barrier.wait()  # every thread has bound its student before any reads it back
    seen = process_student(variant)
    with rows_lock:
        rows.append(
            {"who": threading.current_thread().name, "bound": name, "seen": seen, "tid": threading.get_native_id()}
        )


def run(variant, students, pause):
    del rows[:]
    barrier = threading.Barrier(len(students))
    prefix = {"thread-local": "Thread", "thread-dict": "Dict"}.get(variant, "Shared")
    threads = [
        threading.Thread(
            target=process_thread, args=(name, variant, barrier, pause), name="%s-%s" % (prefix, chr(65 + i % 26))
        )
        for i, name in enumerate(students)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    order = [t.name for t in threads]
    return {"id": variant, "rows": sorted(rows, key=lambda r: order.index(r["who"]))}


def main():
    o = proclab.options()
    students = o.get("students", ["Alice", "Bob"])
    pause = int(o.get("pauseMs", 50)) / 1000
    variants = [run(v, students, pause) for v in ("thread-local", "shared-global", "thread-dict")]
    proclab.result({"language": "python", "pid": os.getpid(), "variants": variants})


if __name__ == "__main__":
    main()
