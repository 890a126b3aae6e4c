"""The host's credentials: password check and change, logins, and per-contest socket tokens.

A login is a database row; the console's socket token names the contest and
the login and expires after ``HOST_TOKEN_TTL``. Logging out revokes the login,
changing the password revokes every login, so a sniffed token dies with them.
The password comes from QUIZAPP_HOST_PASSWORD (then it cannot be changed in
the console), else from a hash kept in the instance folder once changed,
else from the generated ``host_password`` file.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.errors import DomainError
from ..store.models import HostLoginRow
from .throttle import Lockout

HOST_TOKEN_TTL = 12 * 3600
LOGIN_TTL = 31 * 24 * 3600  # as long as the login cookie
HASH_FILE = "host_password.hash"
MIN_PASSWORD = 8


class HostAuth:
    """Checks the host password and issues, checks and revokes host logins and tokens."""

    def __init__(self, sessions: sessionmaker[Session], secret: str, instance: Path, env_password: str | None,
                 generated_password: str, token_ttl: float = HOST_TOKEN_TTL,
                 clock: Callable[[], float] = time.time) -> None:
        self.sessions, self.instance, self.clock = sessions, instance, clock
        self.env_password, self.generated_password, self.token_ttl = env_password, generated_password, token_ttl
        self._signer = URLSafeTimedSerializer(secret, salt="quizapp-host-v2")
        self.failures = Lockout(5, 30.0)  # wrong passwords per address

    # --- password -----------------------------------------------------------
    @property
    def changeable(self) -> bool:
        """False when the environment sets the password (it wins over the console)."""
        return not self.env_password

    def password_ok(self, password: str) -> bool:
        """Compare with the environment's password, the stored hash, or the generated one."""
        if self.env_password:
            return secrets.compare_digest(password.encode(), self.env_password.encode())
        hashed = self.instance / HASH_FILE
        if hashed.exists():
            return check_password_hash(hashed.read_text(encoding="utf-8").strip(), password)
        return secrets.compare_digest(password.encode(), self.generated_password.encode())

    def change_password(self, current: str, new: str) -> str:
        """Store the new password's hash and revoke every login; returns a fresh login for the changer."""
        if not self.changeable:
            raise DomainError("password_from_env", "密码由环境变量 QUIZAPP_HOST_PASSWORD 设置，不能在这里修改")
        if not self.password_ok(current):
            raise DomainError("bad_password", "当前密码不对")
        if len(new) < MIN_PASSWORD:
            raise DomainError("weak_password", f"新密码至少 {MIN_PASSWORD} 个字符")
        path = self.instance / HASH_FILE
        path.write_text(generate_password_hash(new) + "\n", encoding="utf-8")
        path.chmod(0o600)
        generated = self.instance / "host_password"
        if generated.exists():  # the old plain password must not keep working nor be printed
            generated.unlink()
        with self.sessions.begin() as session:
            session.execute(update(HostLoginRow).values(revoked=True))
        return self.start_login()

    # --- logins and tokens --------------------------------------------------
    def start_login(self) -> str:
        """A new login id (kept in the host's session cookie)."""
        login_id = secrets.token_hex(16)
        with self.sessions.begin() as session:
            session.add(HostLoginRow(id=login_id, expires=self.clock() + LOGIN_TTL))
        return login_id

    def login_active(self, login_id: Any) -> bool:
        """True while the login is neither revoked nor expired."""
        if not isinstance(login_id, str) or not login_id:
            return False
        with self.sessions() as session:
            row = session.get(HostLoginRow, login_id[:32])
        return row is not None and not row.revoked and row.expires > self.clock()

    def end_login(self, login_id: Any) -> None:
        """Logout: the login and every token made for it stop working."""
        if isinstance(login_id, str) and login_id:
            with self.sessions.begin() as session:
                session.execute(update(HostLoginRow).where(HostLoginRow.id == login_id[:32]).values(revoked=True))

    def token(self, contest_id: str, login_id: str) -> str:
        """The console page's socket credential for one contest."""
        return self._signer.dumps({"c": contest_id, "l": login_id})

    def mint(self, contest_id: str) -> str:
        """A fresh login and its token (for tools and tests that drive a contest without a browser)."""
        return self.token(contest_id, self.start_login())

    def check(self, token: Any, contest_id: str) -> None:
        """Raise unless ``token`` is a live host token for ``contest_id``."""
        try:
            data = self._signer.loads(str(token or "")[:512], max_age=self.token_ttl)
        except SignatureExpired:
            raise DomainError("token_expired", "主持人登录已过期，请重新登录后刷新控制台") from None
        except BadSignature:
            raise DomainError("not_host", "主持人身份验证失败，请重新登录") from None
        if not isinstance(data, dict) or data.get("c") != contest_id:
            raise DomainError("not_host", "这个主持人凭证不属于这场比赛，请从控制台重新打开")
        if not self.login_active(data.get("l")):
            raise DomainError("token_expired", "主持人已退出登录或修改了密码，请重新登录")

    def active_logins(self) -> int:
        """How many logins can still open sockets."""
        with self.sessions() as session:
            rows = session.scalars(select(HostLoginRow).where(HostLoginRow.revoked.is_(False)))
            return sum(1 for r in rows if r.expires > self.clock())
