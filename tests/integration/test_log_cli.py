"""``quizapp log verify|show`` read the instance ``serve`` uses, and never create one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from quizapp import config
from quizapp.cli import main


@pytest.fixture
def no_env(monkeypatch):
    for name in ("QUIZAPP_INSTANCE", "QUIZAPP_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_without_instance_option_log_finds_the_serve_instance_in_the_current_folder(app, ids, no_env, monkeypatch,
                                                                                    capsys):
    monkeypatch.setattr(config, "DEFAULT_INSTANCE", config.Path(app.instance_path))  # ./instance, as serve finds it
    assert main(["log", "verify"]) == 0
    assert "4/4 contest(s) verified" in capsys.readouterr().out
    assert main(["log", "show", ids["quiz"]]) == 0
    assert "创建比赛" in capsys.readouterr().out


def test_quizapp_instance_variable_is_followed_like_serve(app, ids, no_env, monkeypatch, capsys):
    monkeypatch.setenv("QUIZAPP_INSTANCE", app.instance_path)
    assert main(["log", "show", ids["sports"]]) == 0
    assert "创建运动会" in capsys.readouterr().out


def test_no_instance_folder_is_refused_and_none_is_made(tmp_path, no_env, capsys):
    missing = tmp_path / "nowhere"
    assert main(["log", "verify", "--instance", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("quizapp: 没有找到实例目录") and "--instance" in err and "QUIZAPP_INSTANCE" in err
    assert not missing.exists()


def test_an_instance_without_its_database_is_refused_and_nothing_is_written(tmp_path, no_env, capsys):
    folder = tmp_path / "instance"
    folder.mkdir()
    assert main(["log", "show", "abc", "--instance", str(folder)]) == 2
    assert "没有找到数据库" in capsys.readouterr().err
    assert main(["log", "verify", "--instance", str(folder), "--database", f"sqlite:///{tmp_path / 'x.db'}"]) == 2
    assert "x.db" in capsys.readouterr().err
    assert list(folder.iterdir()) == [] and not (tmp_path / "x.db").exists()  # no secret key, password or database


def test_a_fresh_folder_gets_no_instance_from_a_log_command(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QUIZAPP_INSTANCE", "QUIZAPP_DATABASE_URL")}
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run([sys.executable, "-m", "quizapp", "log", "verify"], capture_output=True, text=True,
                            timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 2 and "没有找到实例目录" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
