"""The fan-out bench's output: one summary line per mode and a readable block per server."""

from __future__ import annotations

import math
from typing import Any

from . import buzz_parts
from .stats import ms


def summary(r: dict[str, Any]) -> dict[str, Any]:
    """The figures issue 14 asks for, as one ``key=value`` line."""
    q = r.get("quizapp")
    bare = r.get("bare", {}).get("fanout", {}).get("p99", math.nan)
    head = {"clients": r["requested_clients"], "mode": r["mode"], "server_workers": r.get("server_workers", 1)}
    if q is None:
        return {**head, "bare_fanout_p99_ms": ms(bare)}
    ours = q["fanout"]["p99"]
    out = {**head, "connected": q["connect"]["still_connected"],
           "connect_complete": "yes" if q["connect"]["complete"] else "no",
           "connect_s": round(q["connect"]["seconds"], 2),
           "buzz_to_screen_p50_ms": ms(q["buzz_to_screen"]["p50"]),
           "buzz_to_screen_p99_ms": ms(q["buzz_to_screen"]["p99"]),
           # of which the fairness window (a rule) and the server's share after the window's deadline
           "buzz_window_p99_ms": q["buzz_to_screen"].get("parts", {}).get("window", {}).get("p99_ms", math.nan),
           "buzz_after_deadline_p99_ms": q["buzz_to_screen"].get("parts", {}).get("after_deadline", {})
                                                    .get("p99_ms", math.nan),
           "fanout_p50_ms": ms(q["fanout"]["p50"]), "fanout_p99_ms": ms(ours),
           "bare_fanout_p99_ms": ms(bare),
           "fanout_ratio": round(ours / bare, 2) if math.isfinite(bare) and bare > 0 else math.nan,
           # team phones get every change at once; the audience is paced (a few views a second)
           "fanout_p99_team_ms": q["fanout"].get("by_kind", {}).get("team", {}).get("p99_ms", math.nan),
           "fanout_p99_watch_ms": q["fanout"].get("by_kind", {}).get("watch", {}).get("p99_ms", math.nan),
           "fanout_ratio_team": (round(q["fanout"]["by_kind"]["team"]["p99_ms"] / ms(bare), 2)
                                 if math.isfinite(bare) and bare > 0 and "team" in q["fanout"].get("by_kind", {})
                                 else math.nan),
           "cpu_ms_per_change": round(q["cpu_ms_per_change"], 1),
           "commands_per_s": round(q["commands"]["per_s"], 2), "cpu_s": round(q["cpu_s"], 1),
           "rss_kb_per_client": round(q["rss_kb_per_client"], 1)}
    for kind, row in sorted(q.get("bytes_per_change", {}).items()):
        out[f"bytes_per_change_{kind}"] = round(row["bytes_per_change"])
    pa = q.get("play_along") or {}
    if "accepted" in pa:
        out.update(play_along_phones=pa["phones"], play_along_accepted=pa["accepted"],
                   play_along_per_s=round(pa["accepted_per_s"], 1),
                   play_along_last_ack_s=round(pa["last_ack_after_first_send_s"], 2))
    return out


def print_mode(r: dict[str, Any]) -> None:
    mode = r["mode"]
    q, b = r.get("quizapp"), r.get("bare")
    if q:
        c = q["connect"]
        waves = ", ".join(f"{w['connected']} {w['kind']} in {w['seconds']:.1f} s" for w in c["waves"])
        print(f"\n[{mode}] quizapp ({q['server_processes']} server process(es), {q['load_generators']} load "
              f"generators): {c['still_connected']}/{q['clients']} clients connected ({waves})"
              + ("" if c["complete"] else " INCOMPLETE within the connect budget")
              + f"; {c['views']} views ({c['bytes'] / 1e6:.0f} MB) pushed while joining, up to "
              f"{c['team_bytes_max'] / 1e6:.1f} MB to one team phone; busy {q['settle_after_connect_s']:.1f} s more")
        bz = q["buzz_to_screen"]
        print(f"[{mode}] buzz->screen p50 {ms(bz['p50'])} ms p99 {ms(bz['p99'])} ms ({bz['samples']} buzzes, "
              f"{len(bz['errors'])} failed)")
        parts = bz.get("parts") or {}
        if parts.get("matched"):
            print(f"[{mode}]   of which (p50 / p99 ms, {parts['matched']} buzzes read back from the log): "
                  + ", ".join(f"{p} {parts[p]['p50_ms']} / {parts[p]['p99_ms']}" for p in buzz_parts.PARTS))
        f = q["fanout"]
        kinds = ", ".join(f"{k} p50 {v['p50_ms']} p99 {v['p99_ms']}" for k, v in sorted(f.get("by_kind", {}).items()))
        print(f"[{mode}] fan-out per client p50 {ms(f['p50'])} p90 {ms(f['p90'])} p99 {ms(f['p99'])} ms ({kinds}); "
              f"whole room reached p50 {ms(f['all_reached_p50'])} p99 {ms(f['all_reached_p99'])} ms "
              f"({f['fanouts']} fan-outs, {q['questions_asked']} questions); full screen view "
              f"{q['view_bytes_screen']} bytes; {q['cpu_ms_per_change']:.0f} ms server CPU per change")
        per = ", ".join(f"{k} {v['bytes_per_change']:.0f} B ({v['views_per_change']:.2f} views)"
                        for k, v in sorted(q.get("bytes_per_change", {}).items()))
        print(f"[{mode}] bytes per change per client: {per}")
        pa = q.get("play_along") or {}
        if "accepted" in pa:
            print(f"[{mode}] play-along: {pa['accepted']}/{pa['phones']} answers accepted in {pa['spread_s']:g} s "
                  f"of sending ({pa['refused'] or 'none refused'}): {pa['accepted_per_s']:.0f}/s, ack p50 "
                  f"{ms(pa['ack_p50'])} p99 {ms(pa['ack_p99'])} max {ms(pa['ack_max'])} ms; last ack "
                  f"{pa['last_ack_after_first_send_s']:.2f} s after the first send; "
                  f"{pa['server_cpu_ms_per_answer']:.1f} ms server CPU per answer; reveal reached the room in "
                  f"{pa['reveal_room_s'] * 1000:.0f} ms")
        cm = q["commands"]
        print(f"[{mode}] commands {cm['per_s']:.2f}/s ({cm['count']} in {cm['seconds']:.1f} s, "
              f"{cm['cpu_ms_per_command']:.0f} ms server CPU each; all clients had the last after "
              f"{cm['all_clients_have_last_s']:.1f} s)")
        mc = q["machine_cpu"]
        print(f"[{mode}] server CPU {q['cpu_s']:.1f} s (connect {q['cpu_connect_s']:.1f}, script {q['cpu_script_s']:.1f}, "
              f"commands {cm['cpu_s']:.1f}); RSS idle {q['rss_idle_kb']} kB, connected {q['rss_connected_kb']} kB "
              f"({q['rss_kb_per_client']:.1f} kB/client), peak {q['rss_peak_kb']} kB; threads {q['threads_connected']}; "
              f"dropped {q['dropped_connections']}; load generators {q['load_generator_cpu_s']:.1f} s CPU; "
              f"other processes {mc['others_s']:.1f} s CPU over {mc['wall_s']:.0f} s")
    if b:
        bf = b["fanout"]
        print(f"[{mode}] bare: {b['connect']['still_connected']} connected in {b['connect']['seconds']:.1f} s; "
              f"fan-out p50 {ms(bf['p50'])} p99 {ms(bf['p99'])} ms, whole room p50 {ms(bf['all_reached_p50'])} ms; "
              f"{b['cpu_ms_per_change']:.0f} ms CPU per fan-out; {b['commands']['per_s']:.1f} cmd/s; "
              f"CPU {b['cpu_s']:.1f} s; {b['rss_kb_per_client']:.1f} kB/client; "
              f"other processes {b['machine_cpu']['others_s']:.1f} s CPU")
