"""The command envelope: the client's command id and the view version it acted on.

The socket layer takes ``cid`` and ``version`` off a payload in one place and
opens an envelope around the handling of that one message; the contest service
applies it to the first command it executes inside (a retried id is answered
from memory, a stale version is refused), so handlers and the hub need not
carry it through every call. A context variable is per thread and per green
thread, so concurrent messages never see each other's envelope.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

CID_MAX = 64


@dataclass
class Envelope:
    """One message's ``cid``/``version`` and, once executed, what its ack should say."""

    cid: str | None
    version: int | None
    credential: str  # who sent it: a retried cid only matches the same contest and credential
    used: bool = False
    duplicate: bool = False
    ack_version: int | None = None

    @property
    def command_id(self) -> str | None:
        """What the log stores: the cid scoped to the sender's credential (bounded length)."""
        if not self.cid:
            return None
        scope = hashlib.sha256(self.credential.encode()).hexdigest()[:16]
        return f"{scope}:{self.cid}"


_CURRENT: ContextVar[Envelope | None] = ContextVar("quizapp_envelope", default=None)


@contextmanager
def opened(envelope: Envelope) -> Iterator[Envelope]:
    """Make ``envelope`` the one the next executed command uses."""
    token = _CURRENT.set(envelope)
    try:
        yield envelope
    finally:
        _CURRENT.reset(token)


def take() -> Envelope | None:
    """The open envelope, once: a second command run for the same message has none."""
    envelope = _CURRENT.get()
    if envelope is None or envelope.used:
        return None
    envelope.used = True
    return envelope
