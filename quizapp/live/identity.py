"""Who is on the other end of a socket: host, team device, screen or audience.

Roles come from the connect ``auth`` payload: the host presents a token
signed with the app's secret (handed to the logged-in console page), a team
phone presents its device token, the screen and audience only name a contest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from ..core.errors import DomainError
from ..services.devices import DeviceService

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


def host_token(secret: str) -> str:
    """The credential the host console page uses to open its socket."""
    return URLSafeSerializer(secret, salt="quizapp-host").dumps({"role": "host"})


def check_host_token(secret: str, token: str) -> bool:
    """True when ``token`` was made by :func:`host_token` with this secret."""
    try:
        return URLSafeSerializer(secret, salt="quizapp-host").loads(token) == {"role": "host"}
    except BadSignature:
        return False


def identify(auth: Any, secret: str, devices: DeviceService, contest_exists: Any) -> Identity:
    """Turn a connect ``auth`` payload into an Identity, or raise DomainError."""
    if not isinstance(auth, dict):
        raise DomainError("auth_required", "缺少身份信息")
    role = auth.get("role")
    contest_id = auth.get("contest")
    if role not in ROLES:
        raise DomainError("bad_role", "身份无效")
    if role in DEVICE_ROLES:
        device = devices.device(str(auth.get("token") or "")[:64])
        if device.role != role:
            raise DomainError("bad_token", "这个二维码不是用于这个页面的，请重新扫码")
        if role == "team":
            return Identity("team", device.contest_id, device.team_id, device.member, device.id)
        return Identity(role, device.contest_id, member=device.member, device_id=device.id,
                        judge_id=device.judge_id)
    if not isinstance(contest_id, str) or not contest_exists(contest_id):
        raise DomainError("unknown_contest", "没有这场比赛")
    if role == "host" and not check_host_token(secret, str(auth.get("token") or "")):
        raise DomainError("not_host", "主持人身份验证失败，请重新登录")
    device_id = str(auth.get("device") or "")[:64] if role == "watch" else ""
    return Identity(role, contest_id, device_id=device_id)


def rooms_for(identity: Identity) -> list[str]:
    """The broadcast rooms a client joins."""
    base = f"c:{identity.contest_id}"
    if identity.role == "team":  # its own team's room, and the room every team phone shares
        return [f"{base}:team:{identity.team_id}", f"{base}:teams"]
    if identity.role == "judge":
        return [f"{base}:judge:{identity.judge_id}"]
    return [f"{base}:{identity.role}"]
