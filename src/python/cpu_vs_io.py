"""cpu-vs-io (计算密集型 vs IO密集型): how many tasks at once is worth it?

The same sweep twice: 1, 2, 4, ... threads at once, counting the tasks they
finish per second. CPU-bound tasks (pure arithmetic in Python) never run on
more than one core however many threads there are: the GIL lets one thread
run Python code at a time, so the threads take turns on one core (on a shared
machine, more threads can still win a larger share of that core). I/O-bound
tasks (a request to a slow loopback server, the thread blocked in recv()
meanwhile) do gain: a thread waiting for I/O lets go of the GIL, so the waits
overlap — and the CPU stays nearly idle.

Then the tutorial's rule for CPU-bound work, "as many tasks at once as
cores", with processes (each has its own GIL): 1, cores and 2 x cores
processes running the same tasks. Up to the cores they go faster; past them,
no faster.

First it times its own loop, so ProcLab can say how much slower than Node.js
(V8) Python ran the same arithmetic on this machine.

By hand:  python3 cpu_vs_io.py '{"maxConcurrency": 8, "levelMs": 1000}'
"""

import multiprocessing
import os
import socket
import threading
import time

import proclab


def cpu_task(steps):
    """The same xorshift steps as Node.js's cpuWork (src/child/work.ts), on 32 bits."""
    x = 2463534242
    for _ in range(steps):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
    return x


def loop_rate(seconds=0.3):
    """Steps of cpu_task per second on one thread, timed over about `seconds`."""
    steps, done = 20_000, 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        cpu_task(steps)
        done += steps
    return round(done / (time.perf_counter() - t0))


def slow_server(delay_s):
    """A slow service on loopback: answers each line after delay_s, a thread per connection."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(128)

    def answer(conn):
        with conn:
            while True:
                data = conn.recv(64)
                if not data:
                    return
                for _ in range(data.count(b"\n")):
                    time.sleep(delay_s)
                    conn.sendall(b".\n")

    def accept():
        proclab.thread("io-server")
        while True:
            conn, _ = server.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, name="io-server", daemon=True).start()
    return server.getsockname()[1]


class Pool:
    """`size` threads, made once; at each level the first `active` of them run `job` until the level ends."""

    def __init__(self, size, prefix, job):
        self.cond = threading.Condition()
        self.gen = 0
        self.active = 0
        self.stopped = 0
        self.acks = 0
        self.counts = [0] * size
        self.job = job
        self.threads = [
            threading.Thread(target=self.work, args=(i, "%s-%d" % (prefix, i + 1)), daemon=True) for i in range(size)
        ]
        for t in self.threads:
            t.start()

    def work(self, i, name):
        proclab.thread(name)
        state = {}
        gen = 0
        while True:
            with self.cond:
                self.cond.wait_for(lambda: self.gen != gen)
                gen = self.gen
                active = i < self.active
            if gen < 0:
                return
            while active and self.stopped != gen:
                self.job(state)
                self.counts[i] += 1
            with self.cond:
                self.acks += 1
                self.cond.notify_all()

    def level(self, k, seconds):
        """Runs k at once for `seconds`; returns (tasks finished in the window, CPU % of one core)."""
        with self.cond:
            self.active = k
            self.acks = 0
            self.counts = [0] * len(self.counts)
            cpu0, t0 = time.process_time(), time.perf_counter()
            self.gen += 1
            self.cond.notify_all()
        time.sleep(seconds)
        done = sum(self.counts)
        cpu = (time.process_time() - cpu0) / (time.perf_counter() - t0) * 100
        with self.cond:
            self.stopped = self.gen
            self.cond.wait_for(lambda: self.acks == len(self.threads))
        return done, round(cpu, 1)

    def close(self):
        with self.cond:
            self.gen = -1
            self.cond.notify_all()


def process_worker(steps, ready, go, stop, done, cpu):
    """One process of the processes' level: tasks until told to stop, counted in a shared counter."""
    ready.release()
    go.wait()
    t0 = time.process_time()
    while not stop.is_set():
        cpu_task(steps)
        with done.get_lock():
            done.value += 1
    cpu.put(time.process_time() - t0)


def process_level(k, steps, seconds):
    """k processes running CPU-bound tasks for `seconds`: (tasks finished in the window, CPU % of one core)."""
    ready, go, stop = multiprocessing.Semaphore(0), multiprocessing.Event(), multiprocessing.Event()
    done, cpu = multiprocessing.Value("q", 0), multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=process_worker, args=(steps, ready, go, stop, done, cpu), daemon=True)
        for _ in range(k)
    ]
    for i, p in enumerate(procs):
        p.start()
        proclab.adopt(p.pid, "cpu process %d/%d" % (i + 1, k))
    for _ in procs:
        ready.acquire()
    # Every process is up before the window opens: starting them is not counted.
    proclab.live({"kind": "processes", "concurrency": k})
    t0 = time.perf_counter()
    go.set()
    time.sleep(seconds)
    finished = done.value
    elapsed = time.perf_counter() - t0
    stop.set()
    used = sum(cpu.get() for _ in procs)
    for p in procs:
        p.join()
        proclab.exited(p.pid, p.exitcode)
    return round(finished / elapsed), round(used / elapsed * 100, 1)


def process_levels(cores):
    """The tutorial's rule: 1, as many as cores, twice as many."""
    return sorted({1, cores, 2 * cores})


def levels(most):
    """1, 2, 4, ... below `most`, then `most`."""
    return [2**i for i in range(most.bit_length()) if 2**i < most] + [most]


def sweep(kind, pool, most, seconds, points):
    for k in levels(most):
        proclab.live({"kind": kind, "concurrency": k})
        done, cpu = pool.level(k, seconds)
        point = {"concurrency": k, "perSecond": round(done / seconds), "cpu": cpu}
        points.append(point)
        proclab.send({"type": "point", "kind": kind, "point": point})
        print("%s, %2d threads at once: %5d tasks/s, CPU %5.1f%%" % (kind, k, point["perSecond"], cpu))
    pool.close()


def main():
    opts = proclab.options()
    most = int(opts.get("maxConcurrency", 16))
    seconds = int(opts.get("levelMs", 1000)) / 1000
    delay_s = int(opts.get("ioDelayMs", 20)) / 1000
    # A fiftieth of the steps, for Python runs such loops tens of times slower than V8 (loop_rate() measures by how much).
    steps = max(1, int(opts.get("taskK", 2000)) * 1000 // 50)
    proclab.thread("MainThread")
    rate = loop_rate()
    proclab.send({"type": "loopRate", "rate": rate})
    print("this loop in Python: %.2f million steps/s on one thread" % (rate / 1e6))
    cpu_points, io_points, process_points = [], [], []
    sweep("cpu", Pool(most, "cpu", lambda state: cpu_task(steps)), most, seconds, cpu_points)

    cores = os.cpu_count() or 1
    for k in process_levels(cores):
        per_second, cpu = process_level(k, steps, seconds)
        point = {"concurrency": k, "perSecond": per_second, "cpu": cpu}
        process_points.append(point)
        proclab.send({"type": "point", "kind": "processes", "point": point})
        print("cpu, %2d processes at once: %5d tasks/s, CPU %5.1f%%" % (k, per_second, cpu))

    port = slow_server(delay_s)

    def request(state):
        sock = state.get("sock")
        if sock is None:
            sock = state["sock"] = socket.create_connection(("127.0.0.1", port))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(b"?\n")
        sock.recv(64)  # blocks; the GIL is free meanwhile

    sweep("io", Pool(most, "io", request), most, seconds, io_points)
    proclab.result(
        {
            "cores": os.cpu_count(),
            "levelMs": int(seconds * 1000),
            "ioDelayMs": int(delay_s * 1000),
            "cpu": cpu_points,
            "io": io_points,
            "processes": process_points,
            "pythonRate": rate,
        }
    )


if __name__ == "__main__":
    main()
