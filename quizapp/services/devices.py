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
from functools import cached_property

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ..core.errors import DomainError
from ..store.models import ContestRow, DeviceRow, JoinCodeRow
from .throttle import Lockout

DEVICES_PER_TEAM = 5
LIST_TTL = 2.0
PIN_DIGITS = 6  # PINs issued before were 4 digits: they stay valid until the host regenerates them
CODE_DIGITS = 6
JOIN_ATTEMPTS = 30  # racing joins retry on the slot index this many times


@dataclass(frozen=True)
class Device:
    """A joined phone."""

    token: str
    contest_id: str
    team_id: str
    member: str

    @cached_property
    def id(self) -> str:
        """A public handle for the device (the token itself stays secret); hashed once, as the
        host's view lists every device on every change."""
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
        # wrong PINs: 5 per team or 10 per address lock for 30 s, doubling; wrong 比赛码: 10 per address
        self.pin_team = Lockout(5, 30.0, clock=clock)
        self.pin_address = Lockout(10, 30.0, clock=clock)
        self.code_address = Lockout(10, 30.0, clock=clock)

    def join_code(self, contest_id: str, team_id: str) -> JoinCode:
        """The team's active join code, created on first use."""
        with self.sessions.begin() as session:
            row = session.scalar(select(JoinCodeRow).where(
                JoinCodeRow.contest_id == contest_id, JoinCodeRow.team_id == team_id,
                JoinCodeRow.active.is_(True)))
            if row is None:
                row = JoinCodeRow(code=secrets.token_urlsafe(9), contest_id=contest_id,
                                  team_id=team_id,
                                  pin=f"{secrets.randbelow(10 ** PIN_DIGITS):0{PIN_DIGITS}d}")
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

    def by_pin(self, contest_id: str, team_id: str, pin: str, address: str = "") -> JoinCode:
        """Resolve a team + PIN typed on the /join page; repeated failures lock the team and the address.

        While locked even the right PIN is refused, so guessing costs minutes per
        handful of tries instead of milliseconds.
        """
        keys = (f"{contest_id}:{team_id}",)
        self.pin_team.check(*keys, message="这支队伍的 PIN 码输错次数过多")
        self.pin_address.check(address, message="PIN 码输错次数过多")
        code = self.join_code(contest_id, team_id)
        if not secrets.compare_digest(code.pin.encode(), pin.strip().encode()):
            self.pin_team.fail(*keys)
            self.pin_address.fail(address)
            raise DomainError("bad_pin", f"PIN 码不对，请核对桌上卡片的 {len(code.pin)} 位数字")
        self.pin_team.succeed(*keys)
        self.pin_address.succeed(address)
        return code

    def pin_failures(self, contest_id: str) -> dict[str, int]:
        """Wrong PINs typed for each team of a contest since this server started (for the host)."""
        return self.pin_team.totals(f"{contest_id}:")

    def contest_code(self, contest_id: str) -> str:
        """The contest's 比赛码, given on first use (unique among all contests)."""
        for _ in range(20):
            fresh = f"{secrets.randbelow(9 * 10 ** (CODE_DIGITS - 1)) + 10 ** (CODE_DIGITS - 1)}"
            try:
                with self.sessions.begin() as session:
                    row = session.get(ContestRow, contest_id)
                    if row is None:
                        raise DomainError("unknown_contest", "没有这场比赛")
                    if row.code:
                        return row.code
                    row.code = fresh
            except (IntegrityError, OperationalError):  # taken by another contest, or a racing first use
                continue
            return fresh
        raise DomainError("busy", "暂时无法生成比赛码，请重试")

    def by_contest_code(self, code: str, address: str = "") -> str:
        """The contest a 比赛码 names; wrong codes count against the address."""
        self.code_address.check(address, message="比赛码输错次数过多")
        with self.sessions() as session:
            contest_id = session.scalar(select(ContestRow.id).where(ContestRow.code == code.strip()))
        if contest_id is None:
            self.code_address.fail(address)
            raise DomainError("bad_contest_code", "没有这个比赛码，请核对大屏幕上的 6 位数字")
        return contest_id

    def join(self, code: JoinCode, member: str) -> Device:
        """Register a device for the team in a free slot, at most five per team.

        The database's unique index on active slots decides races: a join that
        loses one retries with the next free slot, and none is left past the limit.
        """
        member = member.strip()
        if not 1 <= len(member) <= 20:
            raise DomainError("bad_member", "请填写你的名字（1 到 20 个字）")
        limit = LIMITS[role_of(code.team_id)]
        for _ in range(JOIN_ATTEMPTS):
            with self.sessions() as session:
                used = set(session.scalars(select(DeviceRow.slot).where(
                    DeviceRow.contest_id == code.contest_id, DeviceRow.team_id == code.team_id,
                    DeviceRow.revoked.is_(False))))
            free = [n for n in range(1, limit + 1) if n not in used]
            if not free:
                if role_of(code.team_id) != "team":
                    raise DomainError("credential_full", f"这个二维码已在 {limit} 台设备上使用，"
                                                         "请主持人移除旧设备后再试")
                raise DomainError("team_full", f"本队已有 {limit} 台设备加入，"
                                               "你可以打开观众页一起观看")
            row = DeviceRow(token=secrets.token_urlsafe(24), contest_id=code.contest_id,
                            team_id=code.team_id, member=member, slot=secrets.choice(free))
            try:
                with self.sessions.begin() as session:
                    session.add(row)
            except (IntegrityError, OperationalError):  # another join took the slot (or held the lock)
                time.sleep(0.005)
                continue
            self._listed.pop(code.contest_id, None)
            return Device(row.token, row.contest_id, row.team_id, row.member)
        raise DomainError("busy", "加入的人太多，请稍后重试")

    def resume(self, code: JoinCode, token: str) -> Device:
        """The device a phone already holds for this code's team, so a re-scan takes no new slot.

        Refused unless the token is active and belongs to the same contest and team.
        """
        with self.sessions() as session:
            row = session.get(DeviceRow, token) if token else None
        if (row is None or row.revoked or row.contest_id != code.contest_id
                or row.team_id != code.team_id):
            raise DomainError("bad_token", "这台设备已不在队伍中，请重新扫码加入")
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
