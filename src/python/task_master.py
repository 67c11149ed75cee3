"""task_master.py: the tutorial's master for 分布式进程 (multiprocessing.managers).

A QueueManager (a BaseManager subclass) serves a task queue and a result queue
on the network, behind an authkey. manager.start() runs that server in a
process of its own: the queues live there, and every worker, this machine's or
another's, reaches them only through it. The master puts random numbers on the
task queue and reads n*n from the result queue.

Under ProcLab the master also starts a few local workers (task_worker.py, the
same program a user starts by hand), shows the command that starts one more
by hand, and reports the queues' sizes and who did what. The key is made here
and handed to local workers in their environment, never on a command line,
never printed, never in the live state ProcLab records: a worker started by
hand reads it from a file only this user can read (--key-file), deleted when
the master ends.

By hand:  python3 task_master.py        (then, in another terminal: python3 task_worker.py)
it listens on 127.0.0.1:5000 and asks for the key (or reads TASK_AUTHKEY).

Standard library only.
"""

import atexit
import getpass
import os
import queue
import random
import re
import secrets
import signal
import socket
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.managers import BaseManager

import proclab

# 发送任务的队列:
task_queue = queue.Queue()
# 接收结果的队列:
result_queue = queue.Queue()
# Not in the tutorial: workers say hello and goodbye here, so the master can count them.
roster_queue = queue.Queue()


# The tutorial registers lambdas. A lambda cannot be pickled, and Python 3.14
# (forkserver) and macOS and Windows (spawn) start the manager's server process
# by pickling what it needs: top-level functions work everywhere.
def get_task_queue():
    return task_queue


def get_result_queue():
    return result_queue


def get_roster_queue():
    return roster_queue


# 从BaseManager继承的QueueManager:
class QueueManager(BaseManager):
    pass


# 把两个Queue都注册到网络上，callable参数关联Queue对象:
QueueManager.register("get_task_queue", callable=get_task_queue)
QueueManager.register("get_result_queue", callable=get_result_queue)
QueueManager.register("get_roster_queue", callable=get_roster_queue)

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "task_worker.py")
KEY_ENV = "TASK_AUTHKEY"
SERIES_KEPT = 600


def typeable_key():
    """A key a person can read and type: 80 random bits as 4 groups of 5 letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def listening_of(pid):
    """The addresses process `pid` listens on, as the kernel lists them (/proc/net/tcp); None without /proc."""
    try:
        inodes = set()
        for fd in os.listdir("/proc/%d/fd" % pid):
            try:
                target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
        out = []
        for name in ("/proc/net/tcp", "/proc/net/tcp6"):
            if not os.path.exists(name):
                continue
            with open(name) as f:
                for row in f.readlines()[1:]:
                    cols = row.split()
                    # local_address is cols[1], st is cols[3] (0A = LISTEN), inode is cols[9].
                    if len(cols) < 10 or cols[3] != "0A" or cols[9] not in inodes:
                        continue
                    hex_ip, hex_port = cols[1].split(":")
                    if len(hex_ip) == 8:
                        ip = ".".join(str(int(hex_ip[i : i + 2], 16)) for i in (6, 4, 2, 0))
                    else:
                        ip = "[%s]" % hex_ip
                    out.append("%s:%d" % (ip, int(hex_port, 16)))
        return out
    except OSError:
        return None


def this_machine_address(fallback):
    """The address other machines most likely reach this one at: the source address of a route outwards (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
    except OSError:
        return fallback


def status_of(proc):
    code = proc.returncode
    if code is not None and code < 0:
        return {"pid": proc.pid, "code": None, "signal": signal.Signals(-code).name}
    return {"pid": proc.pid, "code": code, "signal": None}


class Local:
    """A worker this master starts itself: task_worker.py, the very command a user would type."""

    def __init__(self, role, argv, key):
        env = {k: v for k, v in os.environ.items() if not k.startswith("NODE_")}
        # The key travels in the environment (readable only by this user), never in argv.
        env[KEY_ENV] = key
        self.role = role
        self.lines = []
        self.proc = subprocess.Popen(
            [sys.executable, "-u"] + argv,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        proclab.adopt(self.proc.pid, role)
        self.relays = [
            threading.Thread(target=self.relay, args=(self.proc.stdout, "stdout"), daemon=True),
            threading.Thread(target=self.relay, args=(self.proc.stderr, "stderr"), daemon=True),
        ]
        for t in self.relays:
            t.start()

    def relay(self, stream, name):
        # Its output, under its own pid in ProcLab (by hand: printed here).
        for line in stream:
            self.lines.append(line)
            if proclab.connected():
                proclab.send({"lab": "output", "pid": self.proc.pid, "stream": name, "text": line})
            else:
                print("[%s] %s" % (self.role, line), end="")

    def join(self, timeout):
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for t in self.relays:
            t.join(1)
        status = status_of(self.proc)
        proclab.exited(self.proc.pid, status["code"], status["signal"])
        return status


def main():
    sys.stdout.reconfigure(line_buffering=True)
    opts = proclab.options()
    by_hand = not proclab.connected()
    bind = opts.get("bind", "127.0.0.1")
    port = int(opts.get("port", 0 if not by_hand else 5000))
    count = int(opts.get("tasks", 10))
    wait_sec = float(opts.get("waitSec", 10))
    local_count = int(opts.get("localWorkers", 0 if by_hand else 2))
    task_sec = float(opts.get("taskSec", 1))
    if by_hand:
        key = os.environ.get(KEY_ENV) or getpass.getpass("authkey for the workers: ")
    else:
        key = typeable_key()
    me = socket.gethostname()

    # 绑定端口，设置验证码:
    manager = QueueManager(address=(bind, port), authkey=key.encode("utf-8"))
    # 启动Queue: the queues' server starts as a process of its own.
    manager.start()
    server_pid = manager._process.pid
    proclab.adopt(server_pid, "manager server")
    host, port = manager.address
    listeners = listening_of(server_pid)
    # And the master itself listens nowhere: the queues are in the server process.
    master_listeners = listening_of(os.getpid())
    print("Master %d: QueueManager's server process %d serves the queues on %s:%d." % (os.getpid(), server_pid, host, port))

    # What a user types to start one more worker by hand. No key in it, nor in what ProcLab is told:
    # the live state is shown, recorded and exported, so it names a file (0600, in a fresh 0700
    # folder) that holds the key, and the file goes when the master does.
    shown_host = host if host not in ("", "0.0.0.0") else this_machine_address(me)
    join_argv = [WORKER, shown_host, str(port)]
    key_file = None if by_hand else write_key_file(key)
    hand_argv = join_argv + (["--key-file", key_file] if key_file else [])
    join = {"argv": ["python3"] + hand_argv, "keyEnv": KEY_ENV, "keyFile": key_file, "file": WORKER, "host": me}

    # 获得通过网络访问的Queue对象:
    task = manager.get_task_queue()
    result = manager.get_result_queue()
    # 放几个任务进去 (distinct numbers, so each result names its task):
    numbers = random.sample(range(0, 10001), count)
    tasks = [{"id": i, "n": n} for i, n in enumerate(numbers)]
    # The tutorial's warning: put through the proxy, never into the original
    # task_queue. That one is this process's own object; the server process
    # holds its own copy (forked, or built anew under spawn), so no worker sees
    # what goes in here. putInto=original runs the mistake.
    into_original = opts.get("putInto") == "original"
    for n in numbers:
        print("Put task %d..." % n)
        if into_original:
            task_queue.put(n)
        else:
            task.put(n)
    tasks_put_at = time.time() * 1000

    locals_ = [
        Local("local worker %d" % (i + 1), join_argv + ["--sleep", str(task_sec)], key) for i in range(local_count)
    ]
    intruder = None
    if opts.get("intruder", False):
        # Right address, wrong key: the server must turn it away before it gets anything.
        intruder = Local("intruder", join_argv + ["--sleep", str(task_sec)], typeable_key())
    local_pids = {w.proc.pid: w.role for w in locals_}
    if intruder:
        local_pids[intruder.proc.pid] = "intruder"

    collected = []
    workers = {}  # (host, pid) -> what we know of it
    series = []
    lock = threading.Lock()
    stop = threading.Event()

    def kind(h, pid):
        if h == me and pid in local_pids:
            return "local"
        return "hand" if h == me else "remote"

    def roster_step(roster):
        while True:
            try:
                m = roster.get_nowait()
            except queue.Empty:
                return
            h, pid = m[1], m[2]
            with lock:
                w = workers.setdefault((h, pid), {"host": h, "pid": pid, "kind": kind(h, pid), "done": 0, "state": "working"})
                w["role"] = local_pids.get(pid) if h == me else None
                # It connected with the key and said who it is.
                w["greeted"] = True
                if m[0] == "bye":
                    w["state"] = "gone"
            if m[0] == "hello" and kind(h, pid) != "local":
                print("A worker started by hand joined: %s, pid %d." % (h, pid))

    def publish():
        with lock:
            proclab.live(
                {
                    "language": "python",
                    "address": "%s:%d" % (host, port),
                    "queues": {"task": series[-1]["task"] if series else count, "result": series[-1]["result"] if series else 0},
                    "tasks": count,
                    "results": list(collected),
                    "connections": [],
                    "series": series[-SERIES_KEPT:],
                    "workers": [dict(w) for w in workers.values()],
                    "join": join,
                    "serverPid": server_pid,
                }
            )

    def watch():
        # Its own proxies: a proxy opens one connection per thread.
        t, r, roster = manager.get_task_queue(), manager.get_result_queue(), manager.get_roster_queue()
        while not stop.is_set():
            try:
                sizes = {"at": time.time() * 1000, "task": t.qsize(), "result": r.qsize()}
                roster_step(roster)
            except (EOFError, OSError):
                return
            with lock:
                series.append(sizes)
                del series[:-SERIES_KEPT]
            publish()
            stop.wait(0.25)

    watcher = threading.Thread(target=watch, name="queue watcher", daemon=True)
    watcher.start()

    # 从result队列读取结果:
    print("Try get results...")
    timed_out = False
    for _ in numbers:
        try:
            r = result.get(timeout=wait_sec)
        except queue.Empty:
            timed_out = True
            print("No result within %g s: queue.Empty." % wait_sec)
            break
        if not isinstance(r, dict):
            # The tutorial's own task_worker.py puts a string, and says nothing of who it is.
            m = re.match(r"\s*(\d+) \* \d+ = (\d+)", str(r))
            r = {"n": int(m.group(1)) if m else None, "square": int(m.group(2)) if m else None, "text": str(r), "host": "?", "pid": 0}
        item = {
            "id": numbers.index(r["n"]) if r.get("n") in numbers else -1,
            "n": r.get("n"),
            "square": r.get("square"),
            "text": r.get("text"),
            "pid": r.get("pid"),
            "host": r.get("host"),
            "at": time.time() * 1000,
        }
        with lock:
            collected.append(item)
            w = workers.setdefault(
                (item["host"], item["pid"]),
                {"host": item["host"], "pid": item["pid"], "kind": kind(item["host"], item["pid"]), "done": 0, "state": "working", "greeted": False},
            )
            w["done"] += 1
        print("Result: %s (from %s pid %s)" % (item["text"], item["host"], item["pid"]))
    collected_at = time.time() * 1000

    statuses = [w.join(10 + task_sec) for w in locals_]
    intruder_status = intruder.join(10) if intruder else None
    stop.set()
    watcher.join(2)
    try:
        roster_step(manager.get_roster_queue())
    except (EOFError, OSError):
        pass
    publish()

    try:
        server_queued = task.qsize()
    except (EOFError, OSError):
        server_queued = None

    # 关闭:
    manager.shutdown()
    server = manager._process
    server_status = {"pid": server_pid, "code": server.exitcode if (server.exitcode or 0) >= 0 else None, "signal": signal.Signals(-server.exitcode).name if (server.exitcode or 0) < 0 else None}
    proclab.exited(server_pid, server_status["code"], server_status["signal"])
    print("master exit.")

    with lock:
        known = [dict(w) for w in workers.values()]
    original = None
    if into_original:
        # Measured before shutdown: the master's own queue, and the server's through the proxy.
        original = {"localQueued": task_queue.qsize(), "serverQueued": server_queued}
    proclab.result(
        {
            "language": "python",
            "masterPid": os.getpid(),
            "serverPid": server_pid,
            "serverExit": server_status,
            "hostname": me,
            "address": {"address": host, "family": "IPv4", "port": port},
            "listeners": listeners,
            "masterListeners": master_listeners,
            "tasks": tasks,
            "results": collected,
            "timedOut": timed_out,
            "workersConnected": len(known),
            "workers": [{"role": w.role, "pid": w.proc.pid, "exit": s} for w, s in zip(locals_, statuses)],
            "known": known,
            "original": original,
            "intruder": {
                "pid": intruder.proc.pid,
                "exit": intruder_status,
                "view": {
                    "refused": "AuthenticationError" if any("AuthenticationError" in l for l in intruder.lines) else None,
                    "received": sum(1 for it in collected if it["pid"] == intruder.proc.pid),
                },
            }
            if intruder
            else None,
            "connections": [],
            "startedAt": tasks_put_at,
            "tasksPutAt": tasks_put_at,
            "collectedAt": collected_at,
            "closedAt": time.time() * 1000,
        }
    )


def write_key_file(key):
    """The key in a file only this user can read: mkdtemp makes a 0700 folder of a random name.
    Removed when the master exits (ProcLab removes it too when it stops the master by a signal)."""
    folder = tempfile.mkdtemp(prefix="proclab-key-")
    atexit.register(shutil.rmtree, folder, True)
    path = os.path.join(folder, "authkey")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return path


if __name__ == "__main__":
    main()
