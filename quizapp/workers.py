"""``quizapp serve --workers N``: N single-process servers on consecutive ports, nginx in front.

Each worker is an ordinary ``quizapp serve`` (its own eventlet hub, one core) with the Redis
message queue and the PostgreSQL database; ``services.shared`` keeps their contests consistent.
Workers start one after another, the first one creating the schema (and the demo contests),
so no two processes race on ``CREATE TABLE``. A worker that dies is reported and not restarted:
its phones reconnect through nginx to the others; for restarts use the systemd unit in deploy/.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from typing import Any

from .config import load_config
from .serve import lan_addresses, port_problem

STARTUP_SECONDS = 60


def _problem(args: argparse.Namespace) -> str | None:
    """Why these options cannot run several workers, in one zh-CN sentence (or None)."""
    if not args.message_queue:
        return "多个工作进程需要消息队列：请加 --message-queue redis://127.0.0.1:6379/0"
    if not _database(args).startswith(("postgresql", "postgres")):
        return "多个工作进程需要共享的 PostgreSQL 数据库：请加 --database postgresql://用户@主机/库名"
    for port in range(args.port, args.port + args.workers):
        problem = port_problem(args.host or "127.0.0.1", port)
        if problem:
            return f"{problem}（工作进程使用端口 {args.port}–{args.port + args.workers - 1}）"
    return None


def _database(args: argparse.Namespace) -> str:
    return str(args.database or os.environ.get("QUIZAPP_DATABASE_URL") or "")


def _command(args: argparse.Namespace, host: str, port: int, public_url: str, demo: bool) -> list[str]:
    command = [sys.executable, "-m", "quizapp", "serve", "--workers", "1", "--host", host,
               "--port", str(port), "--database", _database(args), "--message-queue", args.message_queue,
               "--async-mode", args.async_mode, "--public-url", public_url, "--proxied", "--quiet"]
    if args.instance:
        command += ["--instance", args.instance]
    return command + (["--demo"] if demo else [])


def _wait_up(url: str, proc: subprocess.Popen[Any]) -> bool:
    """Poll ``/healthz`` until it answers; False if the worker exits or stalls."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and proc.poll() is None:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{url}/healthz", timeout=1).close()
            return True
        time.sleep(0.1)
    return False


def _stop(procs: list[subprocess.Popen[Any]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def run_workers(args: argparse.Namespace) -> int:
    """Start the workers, print where they are and how to put nginx in front; stop them all on exit."""
    problem = _problem(args)
    if problem:
        print(f"quizapp: {problem}", file=sys.stderr)
        return 2
    host = args.host or "127.0.0.1"  # only nginx needs to reach the workers
    public_url = args.public_url or f"http://{lan_addresses()[0]}"
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops the workers too (finally)
    procs: list[subprocess.Popen[Any]] = []
    try:
        for i in range(args.workers):
            port = args.port + i
            proc = subprocess.Popen(_command(args, host, port, public_url, demo=args.demo and i == 0))
            procs.append(proc)
            if not _wait_up(f"http://{host}:{port}", proc):
                print(f"quizapp: 工作进程 {i + 1}（端口 {port}）没有启动，见上方的错误信息", file=sys.stderr)
                return 1
            print(f"worker {i + 1} pid {proc.pid} http://{host}:{port}", flush=True)
        last = args.port + args.workers - 1
        password = load_config({"INSTANCE_PATH": args.instance} if args.instance else {})["HOST_PASSWORD"]
        print(f"主持人密码：{password or '（已在控制台修改，不再显示）'}", flush=True)
        print(f"quizapp: {args.workers} 个工作进程已启动（端口 {args.port}–{last}，按 Ctrl+C 全部停止）\n"
              f"请在前面启动 nginx：把 deploy/nginx.conf 里 upstream 的端口改成 {args.port}–{last}，"
              f"复制到 /etc/nginx/conf.d/quizapp.conf，然后 nginx -t && systemctl reload nginx（见 docs/DEPLOY.md）\n"
              f"手机和大屏打开：{public_url}", flush=True)
        running = list(procs)
        while running:
            time.sleep(0.5)
            for proc in [p for p in running if p.poll() is not None]:
                running.remove(proc)
                print(f"quizapp: 工作进程 pid {proc.pid} 已退出（代码 {proc.returncode}），"
                      f"其余 {len(running)} 个继续服务", file=sys.stderr, flush=True)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(procs)
