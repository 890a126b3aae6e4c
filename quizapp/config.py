"""Configuration: ``QUIZAPP_*`` environment variables over instance-folder secrets.

The secret key and the host password are generated on first start and kept
in the instance folder, so no two installs share them and none is in the code.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

DEFAULT_INSTANCE = Path.cwd() / "instance"
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class ConfigError(RuntimeError):
    """Configuration that cannot work, with a message saying what to do."""


def _secret_file(folder: Path, name: str, make: Any) -> str:
    """Read a secret kept in the instance folder, creating it on first use."""
    path = folder / name
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = make()
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return str(value)


def instance_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Where the instance folder is: ``--instance``, else QUIZAPP_INSTANCE, else ./instance."""
    return Path(path or os.environ.get("QUIZAPP_INSTANCE") or DEFAULT_INSTANCE).resolve()


def instance_folder(path: str | os.PathLike[str] | None = None) -> Path:
    """The instance folder, created if missing; a clear error when not writable."""
    folder = instance_path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(f"实例目录 {folder} 不可写（{exc.strerror}）：请用 --instance 或 "
                          "QUIZAPP_INSTANCE 指定一个可写的目录") from exc
    return folder


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the Flask config: defaults < instance secrets < environment < ``overrides``."""
    overrides = dict(overrides or {})
    folder = instance_folder(overrides.pop("INSTANCE_PATH", None))
    env = os.environ
    config: dict[str, Any] = {
        "INSTANCE_PATH": str(folder),
        "SECRET_KEY": _secret_file(folder, "secret_key", lambda: secrets.token_hex(32)),
        # None once the host changed the password in the console (only its hash is kept then)
        "HOST_PASSWORD": env.get("QUIZAPP_HOST_PASSWORD")
        or (None if (folder / "host_password.hash").exists() else _secret_file(
            folder, "host_password", lambda: "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(10)))),
        "DATABASE_URL": env.get("QUIZAPP_DATABASE_URL") or f"sqlite:///{folder / 'quizapp.db'}",
        "ASYNC_MODE": env.get("QUIZAPP_ASYNC_MODE", "threading"),
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "WTF_CSRF_TIME_LIMIT": 3600,  # a form left open longer asks for a reload
        "HOST_TOKEN_TTL": 12 * 3600,  # seconds a console page's socket token stays valid
        # audience phones one address may connect (and get ids for) at once; votes get half of it
        "AUDIENCE_BURST": int(env.get("QUIZAPP_AUDIENCE_BURST") or 600),
        "SESSION_COOKIE_SAMESITE": "Lax",
        # The session cookie is written only when it changes: re-sending it with every response lets a
        # late response (an asset of the page just left) overwrite a newer cookie and void a form's CSRF token.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "TIMER_TICK": 0.02,
        "START_BACKGROUND": True,
    }
    config.update(overrides)
    return config
