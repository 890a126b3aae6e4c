"""How fast one server process can send: CPU per message and per byte of a Socket.IO fan-out.

The bare Flask-SocketIO server (eventlet, ``bench.bare_server``) emits a payload of a given size
to a room of N light clients; the bench waits until every client has it before the next one, and
reads the server's CPU time per fan-out. Two payload sizes give the two costs of the model
(``bench.model``): per message sent to one socket (framing, the websocket write, the green-thread
switch) and per byte. This is the floor of the framework on this machine, with the load
generators sharing the cores, as in every bench here.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from .loadgen import Workers, processes_for
from .phases import await_all, connect_waves, cpu_of, log, quiet
from .population import shares
from .probe import Probe
from .server import bare_server


async def _fanouts(base: str, pids: list[int], clients: int, fanouts: int, loadgens: int) -> dict[str, Any]:
    items = [{"id": i, "kind": "bare", "auth": None, "sync": False} for i in range(clients)]
    workers = Workers(base, shares(items, loadgens), light=True)
    workers.attach()
    ctl = Probe({"kind": "controller", "auth": {"role": "controller"}}, sync_on_connect=False)
    try:
        assert await ctl.connect(base), "controller could not connect"
        conn = await connect_waves(workers, [("bare", 25, 120)])
        await quiet(pids, 30)
        cpu0, t0 = cpu_of(pids), time.time()
        lagging = 0
        for version in range(1, fanouts + 1):
            await ctl.call("cmd", {"version": version}, timeout=60)
            lagging += await await_all(workers, version)
        cpu = cpu_of(pids) - cpu0
        return {"connected": conn["still_connected"], "fanouts": fanouts, "cpu_s": cpu,
                "wall_s": time.time() - t0, "lagging": lagging}
    finally:
        await workers.close()
        await ctl.close()


def measure(clients: int, sizes: tuple[int, ...] = (256, 44_000), fanouts: int = 20,
            mode: str = "eventlet", loadgens: int = 0) -> dict[str, Any]:
    """CPU per fan-out at each payload size, and the per-message and per-byte costs they imply."""
    loadgens = loadgens or processes_for(clients)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-sendrate-") as tmp:
        for size in sizes:
            payload = Path(tmp) / f"payload-{size}.json"
            payload.write_text(json.dumps({"version": 0, "pad": "x" * max(0, size - 30)}), encoding="utf-8")
            log(f"send rate: {clients} clients, {size} B payload, {fanouts} fan-outs")
            with bare_server(mode, payload) as srv:
                r = asyncio.run(_fanouts(srv.base, srv.pids, clients, fanouts, loadgens))
            n = max(r["connected"], 1)
            r.update(size=size, cpu_ms_per_fanout=r["cpu_s"] / fanouts * 1000,
                     us_per_message=r["cpu_s"] / fanouts / n * 1e6,
                     bytes_per_cpu_s=size * n * fanouts / max(r["cpu_s"], 1e-9))
            rows.append(r)
            log(f"  {r['cpu_ms_per_fanout']:.1f} ms CPU per fan-out = {r['us_per_message']:.1f} us per socket; "
                f"{r['bytes_per_cpu_s'] / 1e6:.1f} MB per CPU second")
    small, big = rows[0], rows[-1]
    per_byte = (big["us_per_message"] - small["us_per_message"]) / max(big["size"] - small["size"], 1)
    per_message = max(small["us_per_message"] - per_byte * small["size"], 0.0)
    return {"clients": clients, "mode": mode, "loadgens": loadgens, "rows": rows,
            "us_per_message": per_message, "us_per_byte": per_byte,
            "note": "server CPU per socket and fan-out = us_per_message + bytes x us_per_byte"}
