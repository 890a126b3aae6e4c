"""The quizapp command and the HTTP endpoints, as an organiser would use them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from sqlalchemy import text

from quizapp.core.quiz import commands as c
from quizapp.demo import load_demo

QUIZAPP = [sys.executable, "-m", "quizapp"]


def run(*args, env=None, cwd=None):
    return subprocess.run([*QUIZAPP, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def test_healthz_reports_version_and_database(client):
    body = client.get("/healthz").get_json()
    assert body == {"status": "ok", "version": "0.1.0", "database": "sqlite"}


def test_public_view_never_contains_the_unrevealed_answer(client, service):
    cid = load_demo(service)[0]
    service.execute(cid, c.StartRound(), "host")
    service.execute(cid, c.ShowQuestion(), "host")
    view = client.get(f"/api/contests/{cid}/view?audience=screen").get_json()
    assert view["episode"]["question"]["stem"]
    assert view["episode"]["question"]["answer"] is None
    assert client.get(f"/api/contests/{cid}/view?audience=host").status_code == 400
    assert client.get("/api/contests/nope/view").status_code == 404


def test_vendor_serves_the_locally_installed_socketio_client(client):
    response = client.get("/vendor/socket.io.min.js")
    body = response.get_data()
    response.close()
    assert response.status_code == 200 and b"socket.io" in body[:2000].lower()
    assert client.get("/vendor/../../etc/passwd").status_code == 404


def test_secrets_are_generated_per_install_and_env_overrides_the_password(tmp_path, monkeypatch):
    from quizapp.config import load_config

    a = load_config({"INSTANCE_PATH": str(tmp_path / "a")})
    b = load_config({"INSTANCE_PATH": str(tmp_path / "b")})
    assert a["SECRET_KEY"] != b["SECRET_KEY"] and a["HOST_PASSWORD"] != b["HOST_PASSWORD"]
    assert load_config({"INSTANCE_PATH": str(tmp_path / "a")})["HOST_PASSWORD"] == a["HOST_PASSWORD"]
    monkeypatch.setenv("QUIZAPP_HOST_PASSWORD", "来自环境")
    assert load_config({"INSTANCE_PATH": str(tmp_path / "a")})["HOST_PASSWORD"] == "来自环境"


def test_demo_then_log_verify_and_show(tmp_path):
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    inst = str(tmp_path / "inst")
    assert run("demo", "--database", db, "--instance", inst).returncode == 0
    verify = run("log", "verify", "--database", db, "--instance", inst)
    assert verify.returncode == 0, verify.stderr
    assert verify.stdout.count("verified") >= 4 and "4/4 contest(s) verified" in verify.stdout
    ids = {line.split()[1]: line.split()[0] for line in verify.stdout.splitlines() if "verified" in line
           and len(line.split()) > 2}
    shown = run("log", "show", ids["党章知识趣味大赛"], "--database", db, "--instance", inst)
    assert "创建比赛“党章知识趣味大赛”" in shown.stdout and "添加参赛队 1号台（数学系）" in shown.stdout
    sports = run("log", "show", ids["宿舍趣味运动会"], "--database", db, "--instance", inst)
    assert "创建运动会“宿舍趣味运动会”" in sports.stdout and "录入" in sports.stdout


def test_log_verify_notices_a_tampered_snapshot(tmp_path):
    from quizapp.app import create_app

    db = f"sqlite:///{tmp_path / 'demo.db'}"
    app = create_app({"DATABASE_URL": db, "INSTANCE_PATH": str(tmp_path / "i")})
    load_demo(app.extensions["quizapp.contests"])
    with app.extensions["quizapp.engine"].begin() as conn:
        conn.execute(text("UPDATE contests SET snapshot = '{}'"))
    verify = run("log", "verify", "--database", db, "--instance", str(tmp_path / "i"))
    assert verify.returncode == 1 and "FAILED" in verify.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["demo", "--database", "mysql://x@y/z"], "不支持的数据库"),
    (["demo", "--database", "::not a url::"], "数据库地址无效"),
    (["demo", "--instance", "/proc/quizapp"], "不可写"),
    (["demo", "--database", "postgresql://nobody@127.0.0.1:1/none"], "无法连接数据库"),
])
def test_bad_input_ends_in_one_clear_line(args, message, tmp_path):
    if "--instance" not in args:
        args = [*args, "--instance", str(tmp_path / "i")]
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_serve_refuses_a_port_in_use(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--host", "127.0.0.1", "--port", str(port), "--instance", str(tmp_path))
    assert result.returncode == 2 and "已被占用" in result.stdout and "Traceback" not in result.stderr


def test_questions_check_passes_on_the_shipped_banks():
    result = run("questions", "check", "questions/", cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert result.returncode == 0, result.stdout
    assert "党章知识 (party-constitution): 1" in result.stdout and "全部通过" in result.stdout


def test_questions_check_reports_file_and_line_for_each_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "bank: {id: bad, title: 坏题库}\n"
        "questions:\n"
        "  - id: b1\n    type: single\n    stem: 一年有几个季节？\n    options: [二, 四]\n    answer: C\n    explanation: 常识\n"
        "  - id: b1\n    type: true_false\n    stem: 地球是圆的\n    answer: true\n    explanation: 常识\n"
        "  - id: b3\n    type: fill\n    stem: 一年有几个季节呢？\n    answer: [四]\n    explanation: ''\n",
        encoding="utf-8")
    result = run("questions", "check", str(bad))
    assert result.returncode == 1
    assert f"{bad}:3: b1: 答案 C 不在选项 AB 之内" in result.stdout
    assert f"{bad}:14: b3: 解析不能为空" in result.stdout
