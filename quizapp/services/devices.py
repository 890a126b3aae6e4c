"""Team credentials: join codes (a team's QR), PINs and per-device tokens.

A team's join code is its secret, handed out at its desk; regenerating it
revokes the old one. Each phone that joins gets its own token (kept in the
phone's storage), so a reload or a Wi-Fi drop rejoins the same team, and the
host can remove one device without disturbing the others.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from ..core.errors import DomainError
from ..store.models import DeviceRow, JoinCodeRow

DEVICES_PER_TEAM = 5
LIST_TTL = 2.0


@dataclass(frozen=True)
class Device:
    """A joined phone."""

    token: str
    contest_id: str
    team_id: str
    member: str

    @property
    def id(self) -> str:
        """A public handle for the device (the token itself stays secret)."""
        return hashlib.sha256(self.token.encode()).hexdigest()[:12]

    @property
    def role(self) -> str:
        """"team", "judge" or "recorder" (staff credentials are marked in ``team_id``)."""
        return role_of(self.team_id)

    @property
    def judge_id(self) -> str:
        return self.team_id.removeprefix(JUDGE_PREFIX) if self.role == "judge" else ""


JUDGE_PREFIX = "@judge:"
RECORDER = "@recorder"
LIMITS = {"team": DEVICES_PER_TEAM, "judge": 2, "recorder": 3}


def role_of(holder: str) -> str:
    """What a credential holder id stands for: a team, a judge or the results desk."""
    if holder.startswith(JUDGE_PREFIX):
        return "judge"
    return "recorder" if holder == RECORDER else "team"


@dataclass(frozen=True)
class JoinCode:
    """A team's current join code and PIN."""

    code: str
    contest_id: str
    team_id: str
    pin: str


class DeviceService:
    """Issues and checks team credentials stored in the database."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], float] = time.monotonic) -> None:
        self.sessions = sessions
        self.clock = clock
        self._listed: dict[str, tuple[float, list[Device]]] = {}  # contest -> (when read, devices)

    def join_code(self, contest_id: str, team_id: str) -> JoinCode:
        """The team's active join code, created on first use."""
        with self.sessions.begin() as session:
            row = session.scalar(select(JoinCodeRow).where(
                JoinCodeRow.contest_id == contest_id, JoinCodeRow.team_id == team_id,
                JoinCodeRow.active.is_(True)))
            if row is None:
                row = JoinCodeRow(code=secrets.token_urlsafe(9), contest_id=contest_id,
                                  team_id=team_id, pin=f"{secrets.randbelow(10000):04d}")
                session.add(row)
            return JoinCode(row.code, row.contest_id, row.team_id, row.pin)

    def regenerate(self, contest_id: str, team_id: str) -> JoinCode:
        """Revoke the old code (old links stop working) and issue a new one."""
        with self.sessions.begin() as session:
            session.execute(update(JoinCodeRow).where(
                JoinCodeRow.contest_id == contest_id, JoinCodeRow.team_id == team_id)
                .values(active=False))
        return self.join_code(contest_id, team_id)

    def by_code(self, code: str) -> JoinCode:
        """Resolve a QR code; unknown or revoked codes are refused."""
        with self.sessions() as session:
            row = session.get(JoinCodeRow, code)
        if row is None or not row.active:
            raise DomainError("bad_join_code", "二维码已失效，请向主持人索取新的二维码")
        return JoinCode(row.code, row.contest_id, row.team_id, row.pin)

    def by_pin(self, contest_id: str, team_id: str, pin: str) -> JoinCode:
        """Resolve a team + PIN typed on the /join page."""
        code = self.join_code(contest_id, team_id)
        if not secrets.compare_digest(code.pin, pin.strip()):
            raise DomainError("bad_pin", "PIN 码不对，请核对桌上卡片的 4 位数字")
        return code

    def join(self, code: JoinCode, member: str) -> Device:
        """Register a device for the team, at most five per team."""
        member = member.strip()
        if not 1 <= len(member) <= 20:
            raise DomainError("bad_member", "请填写你的名字（1 到 20 个字）")
        with self.sessions.begin() as session:
            count = session.scalar(select(func.count()).select_from(DeviceRow).where(
                DeviceRow.contest_id == code.contest_id, DeviceRow.team_id == code.team_id,
                DeviceRow.revoked.is_(False))) or 0
            limit = LIMITS[role_of(code.team_id)]
            if count >= limit:
                if role_of(code.team_id) != "team":
                    raise DomainError("credential_full", f"这个二维码已在 {limit} 台设备上使用，"
                                                         "请主持人移除旧设备后再试")
                raise DomainError("team_full", f"本队已有 {limit} 台设备加入，"
                                               "你可以打开观众页一起观看")
            row = DeviceRow(token=secrets.token_urlsafe(24), contest_id=code.contest_id,
                            team_id=code.team_id, member=member)
            session.add(row)
        self._listed.pop(code.contest_id, None)
        return Device(row.token, row.contest_id, row.team_id, row.member)

    def device(self, token: str) -> Device:
        """The device holding ``token``; revoked or unknown tokens are refused."""
        with self.sessions() as session:
            row = session.get(DeviceRow, token) if token else None
        if row is None or row.revoked:
            raise DomainError("bad_token", "这台设备已不在队伍中，请重新扫码加入")
        return Device(row.token, row.contest_id, row.team_id, row.member)

    def devices(self, contest_id: str) -> list[Device]:
        """Every active device of a contest.

        The host's view lists them on every change, so the list is kept for
        ``LIST_TTL`` seconds (and dropped at once when this process joins or
        removes a device): a change made by another process shows within that.
        """
        cached = self._listed.get(contest_id)
        if cached is not None and self.clock() - cached[0] < LIST_TTL:
            return cached[1]
        with self.sessions() as session:
            rows = session.scalars(select(DeviceRow).where(
                DeviceRow.contest_id == contest_id, DeviceRow.revoked.is_(False))
                .order_by(DeviceRow.created_at))
            listed = [Device(r.token, r.contest_id, r.team_id, r.member) for r in rows]
        self._listed[contest_id] = (self.clock(), listed)
        return listed

    def revoke(self, contest_id: str, device_id: str) -> Device:
        """Remove one device (by its public id) from its team."""
        self._listed.pop(contest_id, None)  # read fresh: it may have joined through another process
        for device in self.devices(contest_id):
            if device.id == device_id:
                with self.sessions.begin() as session:
                    session.execute(update(DeviceRow).where(DeviceRow.token == device.token)
                                    .values(revoked=True))
                self._listed.pop(contest_id, None)
                return device
        raise DomainError("unknown_device", "没有这台设备")
