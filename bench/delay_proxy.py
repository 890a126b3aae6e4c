"""A delaying TCP proxy: one loopback port per simulated phone, each with its own network delay.

Every chunk read from either side is forwarded after ``delay + uniform(-jitter, +jitter)``
seconds (never less than 0), in both directions, and never before the chunk read before it
(order is preserved, as TCP would). Delay and jitter are per listening port, so each client's
Wi-Fi can be simulated separately; the random numbers come from a seeded generator per port
and direction, so a run can be repeated.

Use it in-process (``DelayProxy``) or as its own process, which keeps its timers away from the
clients' event loop::

    python -m bench.delay_proxy --target 127.0.0.1:5000 --delays 0.02,0.15 --jitter 0.02 --seed 7

prints one JSON line ``{"ports": [...]}`` once listening, then serves until stdin closes or it
is terminated. ``proxy_process(...)`` wraps that for the benches and tests.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 65536


@dataclass
class Link:
    """One simulated network path: listening port -> target, with its delay and jitter."""

    delay: float
    jitter: float
    seed: int
    port: int = 0
    chunks: int = 0
    server: asyncio.base_events.Server | None = field(default=None, repr=False)

    def draw(self, rng: random.Random) -> float:
        return max(0.0, self.delay + rng.uniform(-self.jitter, self.jitter))


class DelayProxy:
    """Listens on one loopback port per link and forwards to ``target`` with that link's delay."""

    def __init__(self, target_host: str, target_port: int, links: list[Link], record: bool = False) -> None:
        self.target = (target_host, target_port)
        self.links = links
        self._tasks: set[asyncio.Task[None]] = set()
        # (link index, wall-clock time the chunk was handed to the server socket, bytes)
        self.record = record
        self.upstream: list[tuple[int, float, int]] = []

    async def start(self, host: str = "127.0.0.1") -> list[int]:
        for link in self.links:
            link.server = await asyncio.start_server(
                lambda r, w, link=link: self._accept(link, r, w), host, link.port)
            link.port = link.server.sockets[0].getsockname()[1]
        return [link.port for link in self.links]

    async def close(self) -> None:
        for link in self.links:
            if link.server is not None:
                link.server.close()
        for task in list(self._tasks):
            task.cancel()

    def _spawn(self, coro: object) -> None:
        task = asyncio.ensure_future(coro)  # type: ignore[arg-type]
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _accept(self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        n = link.chunks = link.chunks + 1
        index = self.links.index(link) if self.record else None
        self._spawn(self._pump(link, reader, up_writer, random.Random(f"{link.seed}:{n}:up"), index))
        self._spawn(self._pump(link, up_reader, writer, random.Random(f"{link.seed}:{n}:down")))

    async def _pump(self, link: Link, src: asyncio.StreamReader, dst: asyncio.StreamWriter,
                    rng: random.Random, record_as: int | None = None) -> None:
        """Read chunks as they come; a sender task writes each at its release time, in order."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def sender() -> None:
            try:
                while True:
                    release, data = await queue.get()
                    wait = release - loop.time()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    if not data:
                        break
                    if record_as is not None:  # stamped before the write: the server may read it at once
                        self.upstream.append((record_as, time.time(), len(data)))
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                with contextlib.suppress(Exception):
                    dst.close()

        task = asyncio.ensure_future(sender())
        last = 0.0
        try:
            while True:
                try:
                    data = await src.read(CHUNK)
                except (ConnectionError, OSError):
                    data = b""
                release = max(loop.time() + link.draw(rng), last)
                last = release
                queue.put_nowait((release, data))
                if not data:
                    break
            await task
        finally:
            task.cancel()


@contextlib.contextmanager
def proxy_process(target: str, delays: list[float], jitter: float, seed: int,
                  record: Path | None = None) -> Iterator[list[int]]:
    """Run the proxy as its own process; yields the listening ports (one per delay).

    With ``record``, the process writes there, when it ends, one JSON list of
    ``[link index, wall time handed to the server, bytes]`` per client->server chunk.
    """
    args = [sys.executable, "-m", "bench.delay_proxy", "--target", target,
            "--delays", ",".join(f"{d:.6f}" for d in delays), "--jitter", str(jitter), "--seed", str(seed)]
    if record is not None:
        args += ["--record", str(record)]
    proc = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("delay proxy did not start")
        yield list(json.loads(line)["ports"])
    finally:
        if proc.stdin:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # the proxy stops (and writes its record) when stdin closes
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stdout:
            proc.stdout.close()


async def _serve(args: argparse.Namespace) -> None:
    host, port = args.target.rsplit(":", 1)
    delays = [float(d) for d in args.delays.split(",") if d]
    links = [Link(d, args.jitter, seed=args.seed * 1000 + i) for i, d in enumerate(delays)]
    proxy = DelayProxy(host, int(port), links, record=bool(args.record))
    ports = await proxy.start()
    print(json.dumps({"ports": ports}), flush=True)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    loop.add_reader(sys.stdin.fileno(), lambda: stop.set() if not sys.stdin.read(1) else None)
    await stop.wait()
    await proxy.close()
    if args.record:
        Path(args.record).write_text(json.dumps(proxy.upstream), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench.delay_proxy")
    p.add_argument("--target", required=True, help="host:port to forward to")
    p.add_argument("--delays", required=True, help="comma-separated one-way delays in seconds, one port each")
    p.add_argument("--jitter", type=float, default=0.0, help="uniform +/- jitter per chunk, seconds")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--record", help="write client->server chunk times here when stopped")
    asyncio.run(_serve(p.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
