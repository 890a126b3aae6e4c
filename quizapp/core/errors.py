"""Domain errors: the one way the core says "not allowed now".

Every refusal carries a stable machine code (for clients and tests) and a zh-CN
message a host can act on. Raising one must leave state untouched, which holds
because ``decide`` never mutates anything.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused by the rules; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def as_dict(self) -> dict[str, str]:
        """The ``error`` object of an ack: ``{"code": ..., "message": ...}``."""
        return {"code": self.code, "message": self.message}
