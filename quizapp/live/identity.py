"""Who is on the other end of a socket: host, team device, screen or audience.

Roles come from the connect ``auth`` payload: the host presents a token made
for one contest and one login (it expires, and dies at logout or a password
change), a device presents its device token, the screen only names a contest.
An audience phone is known by a signed cookie the /watch page sets: an id the
client makes up is never used, and votes and connections are rate limited
per address.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request
from itsdangerous import BadSignature, Signer

from ..core.errors import DomainError
from ..services.audience_ids import AUDIENCE_COOKIE
from ..services.devices import DeviceService
from ..services.hostauth import HostAuth
from ..services.throttle import Buckets

ROLES = ("host", "team", "screen", "watch", "judge", "recorder")
DEVICE_ROLES = ("team", "judge", "recorder")


@dataclass(frozen=True)
class Identity:
    """A connected client's role and what it is bound to."""

    role: str
    contest_id: str
    team_id: str = ""
    member: str = ""
    device_id: str = ""
    judge_id: str = ""
    address: str = ""


class Gate:
    """Credentials checked at the door: host tokens, audience cookies, per-address rates.

    The audience limits are sized for a hall behind campus NAT, where hundreds
    of phones share a few addresses: bursts are generous, floods are not.
    """

    def __init__(self, secret: str, hostauth: HostAuth, burst: int = 600) -> None:
        self.hostauth = hostauth
        self._audience = Signer(secret, salt="quizapp-audience")
        self.audience_ids = Buckets(rate=2.0, burst=burst)  # new audience cookies per address
        self.connects = Buckets(rate=20.0, burst=burst)  # audience socket connects per address
        self.votes = Buckets(rate=30.0, burst=burst // 2)  # audience votes per address

    def issue_audience(self, address: str) -> str:
        """A new signed audience cookie value (rate limited per address)."""
        self.audience_ids.take(address, "新观众太多")
        return self._audience.sign(secrets.token_hex(8)).decode()

    def audience_id(self, cookie: Any) -> str:
        """The audience id a cookie proves, or "" for a missing or forged one."""
        try:
            return self._audience.unsign(str(cookie or "")[:100]).decode() if cookie else ""
        except BadSignature:
            return ""


def _handshake() -> tuple[str, dict[str, str]]:
    """The connecting client's address and cookies (empty outside a request)."""
    if not has_request_context():
        return "", {}
    return request.remote_addr or "", dict(request.cookies)


def identify(auth: Any, gate: Gate, devices: DeviceService, contest_exists: Any) -> Identity:
    """Turn a connect ``auth`` payload into an Identity, or raise DomainError."""
    if not isinstance(auth, dict):
        raise DomainError("auth_required", "缺少身份信息")
    role = auth.get("role")
    contest_id = auth.get("contest")
    address, cookies = _handshake()
    if role not in ROLES:
        raise DomainError("bad_role", "身份无效")
    if role in DEVICE_ROLES:
        device = devices.device(str(auth.get("token") or "")[:64])
        if device.role != role:
            raise DomainError("bad_token", "这个二维码不是用于这个页面的，请重新扫码")
        if role == "team":
            return Identity("team", device.contest_id, device.team_id, device.member, device.id,
                            address=address)
        return Identity(role, device.contest_id, member=device.member, device_id=device.id,
                        judge_id=device.judge_id, address=address)
    if role == "watch":
        gate.connects.take(address, "连接太频繁")
    if not isinstance(contest_id, str) or not contest_exists(contest_id):
        raise DomainError("unknown_contest", "没有这场比赛")
    if role == "host":
        gate.hostauth.check(auth.get("token"), contest_id)
    device_id = gate.audience_id(cookies.get(AUDIENCE_COOKIE)) if role == "watch" else ""
    return Identity(role, contest_id, device_id=device_id, address=address)


def rooms_for(identity: Identity) -> list[str]:
    """The broadcast rooms a client joins."""
    base = f"c:{identity.contest_id}"
    if identity.role == "team":  # its own team's room, and the room every team phone shares
        return [f"{base}:team:{identity.team_id}", f"{base}:teams"]
    if identity.role == "judge":
        return [f"{base}:judge:{identity.judge_id}"]
    return [f"{base}:{identity.role}"]
