"""task_worker.py: the tutorial's worker for 分布式进程 (multiprocessing.managers).

It creates no queue. It connects to the master's QueueManager at an address
and port, proves it knows the key (authkey), then takes numbers from the task
queue and puts n*n on the result queue until the task queue stays empty.
Nothing here needs the master to be on this machine: only its address, its
port and the key.

    python3 task_worker.py 127.0.0.1 5000

The key is never on the command line (any user can read a process's command
line): give it in the TASK_AUTHKEY environment variable, in a file only you can
read (--key-file PATH, as ProcLab's command does), or type it when asked.

Standard library only; this file runs on its own, copied to any machine.
"""

import getpass
import os
import queue
import socket
import sys
import time
from multiprocessing import AuthenticationError
from multiprocessing.managers import BaseManager


# 创建类似的QueueManager:
class QueueManager(BaseManager):
    pass


# 由于这个QueueManager只从网络上获取Queue，所以注册时只提供名字:
QueueManager.register("get_task_queue")
QueueManager.register("get_result_queue")
# Not in the tutorial: where a worker says who it is, so the master can count it.
QueueManager.register("get_roster_queue")


def arguments(argv):
    """host [port] [--sleep S] [--patience S] [--key-file PATH]"""
    words, flags = [], {}
    i = 0
    while i < len(argv):
        if argv[i].startswith("--") and i + 1 < len(argv):
            name = argv[i][2:]
            flags[name] = argv[i + 1] if name == "key-file" else float(argv[i + 1])
            i += 2
        else:
            words.append(argv[i])
            i += 1
    host = words[0] if words else "127.0.0.1"
    port = int(words[1]) if len(words) > 1 else 5000
    # The tutorial: time.sleep(1) per task, task.get(timeout=1).
    return host, port, flags.get("sleep", 1.0), flags.get("patience", 1.0), flags.get("key-file")


def main():
    host, port, pause, patience, key_file = arguments(sys.argv[1:])
    key = os.environ.get("TASK_AUTHKEY")
    if key_file:
        with open(key_file) as f:
            key = f.read().strip()
    if not key:
        if not sys.stdin.isatty():
            print("No key: set TASK_AUTHKEY, or run me in a terminal to be asked for it.", file=sys.stderr)
            sys.exit(2)
        key = getpass.getpass("authkey: ")
    # 连接到服务器，也就是运行task_master.py的机器:
    print("Connect to server %s:%d..." % (host, port))
    # 端口和验证码注意保持与task_master.py设置的完全一致:
    m = QueueManager(address=(host, port), authkey=key.strip().encode("utf-8"))
    try:
        # 从网络连接:
        m.connect()
    except AuthenticationError as e:
        print("AuthenticationError: %s; 0 tasks received." % e, file=sys.stderr)
        sys.exit(1)
    except OSError as e:
        print("Cannot connect: %s" % e, file=sys.stderr)
        sys.exit(2)
    # 获取Queue的对象:
    task = m.get_task_queue()
    result = m.get_result_queue()
    roster = m.get_roster_queue()
    me = (socket.gethostname(), os.getpid())
    roster.put(("hello",) + me)
    done = 0
    # 从task队列取任务，并把结果写入result队列:
    try:
        while True:
            try:
                n = task.get(timeout=patience)
            except queue.Empty:
                print("task queue is empty.")
                break
            print("run task %d * %d..." % (n, n))
            r = "%d * %d = %d" % (n, n, n * n)
            time.sleep(pause)
            result.put({"n": n, "square": n * n, "text": r, "host": me[0], "pid": me[1]})
            done += 1
        roster.put(("bye",) + me + (done,))
    except (EOFError, ConnectionError, BrokenPipeError) as e:
        print("The master has gone (%s) after %d tasks." % (type(e).__name__, done))
    # 处理结束:
    print("worker exit.")


if __name__ == "__main__":
    main()
