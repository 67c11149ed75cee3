"""async-io (异步IO): one thread serving thousands of connections with asyncio,
next to a real OS thread per connection (socketserver.ThreadingTCPServer).

A load client process opens the connections over loopback, each sending a
ping every interval; the server answers each. The same traffic either way:
what differs is how many threads the server needs and what each connection
costs in memory (the server's resident memory grown, divided by the count).

By hand:  python3 async_io.py '{"variant": "event-loop", "connections": 2000}'
          python3 async_io.py '{"variant": "thread-per-connection", "connections": 200}'
"""

import asyncio
import multiprocessing
import os
import random
import socket
import socketserver
import threading
import time

import proclab

BATCH = 200


def footprint():
    """Resident memory (bytes) and thread count of this process, as the OS counts them (Linux); None where it cannot say."""
    rss, threads = None, None
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
    except OSError:
        pass
    return rss, threads


# ---- the load client (a process of its own) ----


def client(port, count, interval_s, conn):
    """Opens `count` connections and pings on each every interval_s; answers the parent's orders over `conn`."""
    asyncio.run(client_main(port, count, interval_s, conn))


async def client_main(port, count, interval_s, conn):
    streams, rtts, errors = [], [], 0
    for i in range(0, count, BATCH):
        opened = await asyncio.gather(
            *(asyncio.open_connection("127.0.0.1", port) for _ in range(min(BATCH, count - i))), return_exceptions=True
        )
        for s in opened:
            if isinstance(s, Exception):
                errors += 1
            else:
                streams.append(s)
    conn.send({"type": "connected", "open": len(streams), "errors": errors})

    async def ping(reader, writer):
        await asyncio.sleep(random.random() * interval_s)
        while True:
            t0 = time.perf_counter()
            writer.write(b"p\n")
            if not await reader.readline():
                return
            rtts.append((time.perf_counter() - t0) * 1000)
            await asyncio.sleep(interval_s)

    tasks = [asyncio.create_task(ping(r, w)) for r, w in streams]
    while True:
        while not conn.poll():
            await asyncio.sleep(0.05)
        order = conn.recv()
        if order == "report":
            ordered = sorted(rtts)

            def q(f):
                return round(ordered[min(len(ordered) - 1, int(f * len(ordered)))], 2) if ordered else 0

            still = sum(1 for _, w in streams if not w.is_closing())
            conn.send({"open": still, "roundTrips": len(rtts), "p50": q(0.5), "p99": q(0.99), "errors": errors})
        else:
            for t in tasks:
                t.cancel()
            for _, w in streams:
                w.close()
            conn.send("closed")
            return


# ---- the two servers ----


class EventLoopServer:
    """asyncio: one thread; the OS says which socket is ready (epoll), the loop serves it."""

    def __init__(self):
        self.open = 0
        self.writers = set()

    async def handle(self, reader, writer):
        self.open += 1
        self.writers.add(writer)
        try:
            while await reader.readline():
                writer.write(b"P\n")
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.open -= 1
            self.writers.discard(writer)
            writer.close()


class Handler(socketserver.StreamRequestHandler):
    """One thread per connection, blocked in readline() on its own socket."""

    def handle(self):
        server = self.server
        with server.lock:
            server.open += 1
        try:
            for _ in self.rfile:
                self.wfile.write(b"P\n")
        except OSError:
            pass
        finally:
            with server.lock:
                server.open -= 1


class ThreadServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    request_queue_size = 1024
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.open = 0


class LoopWorker:
    """Nginx's model: a worker process with one thread and one event loop, on the listening socket it shares."""

    @staticmethod
    def run(sock, conn):
        asyncio.run(LoopWorker.main(sock, conn))

    @staticmethod
    async def main(sock, conn):
        proclab.thread("MainThread")
        state = EventLoopServer()
        rss_before, threads_before = footprint()
        server = await asyncio.start_server(state.handle, sock=sock, backlog=1024)
        conn.send("ready")
        await wait_reply(conn)  # "go": the hold begins
        cpu0, t0 = time.process_time(), time.perf_counter()
        await wait_reply(conn)  # "report"
        rss, threads = footprint()
        elapsed = max(1e-6, time.perf_counter() - t0)
        conn.send(
            {
                "pid": os.getpid(),
                "held": state.open,
                "threads": threads,
                "threadsBefore": threads_before,
                "rss": rss or 0,
                "rssBefore": rss_before or 0,
                "cpu": round((time.process_time() - cpu0) / elapsed * 100, 1),
            }
        )
        await wait_reply(conn)  # "close"
        server.close()
        for w in list(state.writers):
            w.close()
        conn.send("closed")


# ---- one variant, measured ----


async def wait_reply(conn):
    while not conn.poll():
        await asyncio.sleep(0.02)
    return conn.recv()


async def serve(variant, count, hold_s, interval_s):
    workers = []
    if variant == "process-per-core":
        # One listening socket, shared by one single-threaded event-loop process per core.
        sock = socket.create_server(("127.0.0.1", 0), backlog=1024)
        sock.setblocking(False)
        port = sock.getsockname()[1]
        for i in range(os.cpu_count() or 1):
            mine, theirs = multiprocessing.Pipe()
            p = multiprocessing.Process(target=LoopWorker.run, args=(sock, theirs), name="event-loop-%d" % (i + 1))
            p.start()
            proclab.adopt(p.pid, "event-loop worker %d" % (i + 1))
            workers.append((p, mine))
        for _, mine in workers:
            await wait_reply(mine)
        # The master only starts them; it accepts nothing itself.
        sock.close()
        held = lambda: None  # noqa: E731
    elif variant == "event-loop":
        state = EventLoopServer()
        server = await asyncio.start_server(state.handle, "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        held = lambda: state.open  # noqa: E731
    else:
        state = ThreadServer()
        threading.Thread(target=state.serve_forever, name="acceptor", daemon=True).start()
        port = state.server_address[1]
        held = lambda: state.open  # noqa: E731
    await asyncio.sleep(0.2)
    rss_before, threads_before = footprint()
    parent_end, child_end = multiprocessing.Pipe()
    load = multiprocessing.Process(target=client, args=(port, count, interval_s, child_end), name="load-client")
    load.start()
    proclab.adopt(load.pid, "load client")
    print("%s: serving %d connections on port %d" % (variant, count, port))
    connected = await wait_reply(parent_end)
    await asyncio.sleep(0.5)  # the last accepts land
    for _, mine in workers:
        mine.send("go")
    cpu0, t0 = time.process_time(), time.perf_counter()
    await asyncio.sleep(hold_s)
    hold = time.perf_counter() - t0
    cpu = round((time.process_time() - cpu0) / hold * 100, 1)
    rss, threads = footprint()
    still = held()
    per_worker = []
    for _, mine in workers:
        mine.send("report")
        per_worker.append(await wait_reply(mine))
    parent_end.send("report")
    report = await wait_reply(parent_end)
    parent_end.send("close")
    await wait_reply(parent_end)
    load.join(5)
    proclab.exited(load.pid, load.exitcode)
    if variant == "process-per-core":
        for p, mine in workers:
            mine.send("close")
            await wait_reply(mine)
            p.join(5)
            proclab.exited(p.pid, p.exitcode)
        # What the variant is measured by: the workers' own counts, added up (threads: the most any had).
        still = sum(w["held"] for w in per_worker)
        threads = max(w["threads"] or 0 for w in per_worker) if all(w["threads"] for w in per_worker) else None
        threads_before = max(w["threadsBefore"] or 0 for w in per_worker) if all(w["threadsBefore"] for w in per_worker) else None
        rss = sum(w["rss"] for w in per_worker)
        rss_before = sum(w["rssBefore"] for w in per_worker)
        cpu = round(sum(w["cpu"] for w in per_worker), 1)
    elif variant == "event-loop":
        server.close()
        for w in list(state.writers):
            w.close()
        await server.wait_closed()
    else:
        state.shutdown()
        state.server_close()
    print(
        "%s: %d/%d held, %s threads (before: %s), %+.1f MB, %.1f%% CPU, median round trip %s ms"
        % (variant, still, count, threads, threads_before, ((rss or 0) - (rss_before or 0)) / 2**20, cpu, report["p50"])
    )
    return {
        "id": variant,
        "server": {"event-loop": "asyncio", "process-per-core": "asyncio-processes"}.get(variant, "python-threads"),
        "connections": count,
        "held": still,
        "roundTrips": report["roundTrips"],
        "p50": report["p50"],
        "p99": report["p99"],
        "errors": report["errors"] + connected["errors"],
        "threads": threads,
        "threadsBefore": threads_before,
        "rss": rss or 0,
        "rssBefore": rss_before or 0,
        "cpu": cpu,
        "holdMs": round(hold * 1000),
        "workers": per_worker if workers else None,
    }


def main():
    opts = proclab.options()
    variant = opts.get("variant", "event-loop")
    count = int(opts.get("connections", 2000 if variant == "event-loop" else 100))
    proclab.thread("MainThread")
    result = asyncio.run(
        serve(variant, count, float(opts.get("durationS", 5)), int(opts.get("intervalMs", 1000)) / 1000)
    )
    proclab.result(result)


if __name__ == "__main__":
    main()
