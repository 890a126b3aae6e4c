"""Socket.IO packets for a JSON-only protocol: no walk of every payload looking for bytes, and a
room's view encoded once for all the phones that connect to it.

python-socketio checks each outgoing payload for binary parts before encoding it, by walking it
whole (a recursive call per value, a list per container). quizapp sends JSON only
(docs/PROTOCOL.md): views, patches, acknowledgements. That walk of a whole view was 22 % of the
server's CPU while 1,000 phones connected (py-spy during ``scripts/bench fanout``): each new or
returning phone is sent a 48 kB view of its own. Here nothing is ever sent as binary; bytes inside
a payload make ``json.dumps`` raise, so a mistake fails loudly rather than being sent.

After the walk, encoding was the next cost of a connection (10 %): every connecting phone gets the
room's latest view plus a few keys of its own (``OWN_KEYS``). ``Spliced`` carries the room view's
JSON text, encoded once per revision, and ``JsonPacket`` appends the phone's own keys to it.
"""

from __future__ import annotations

from typing import Any

from socketio import packet

OWN_KEYS = ("server_time", "me", "rev")
"""The keys of a connecting client's view that are its own, not the room's (``rev`` goes last)."""


def shared_text(view: dict[str, Any]) -> str:
    """The JSON text of a room's view without the keys each client gets its own of."""
    text: str = JsonPacket.json.dumps({k: v for k, v in view.items() if k not in OWN_KEYS},
                                      separators=(",", ":"))
    return text


class Spliced(dict[str, Any]):
    """A room's view completed for one client: to every reader a plain dict of the whole view; to
    ``JsonPacket`` the room view's encoded text with the client's own keys appended."""

    def __init__(self, shared: dict[str, Any], text: str, own: dict[str, Any]) -> None:
        super().__init__(shared)
        self.update(own)
        self.text, self.own = text, own


class JsonPacket(packet.Packet):
    """A Socket.IO packet whose payload is JSON: never binary, never walked."""

    def encode(self) -> Any:
        """As ``Packet.encode``; an event whose payload is ``Spliced`` reuses the room's text."""
        data = self.data
        if not (self.packet_type == packet.EVENT and self.id is None and self.namespace in (None, "/")
                and isinstance(data, list) and len(data) == 2 and isinstance(data[1], Spliced)):
            return super().encode()
        view = data[1]
        own = self.json.dumps(view.own, separators=(",", ":"))
        body = ",".join(part for part in (view.text[1:-1], own[1:-1]) if part)
        return f"{packet.EVENT}[{self.json.dumps(data[0])},{{{body}}}]"

    @classmethod
    def data_is_binary(cls, data: Any) -> bool:
        """Only a payload that is bytes itself (none of quizapp's); nested bytes fail at encoding."""
        return isinstance(data, bytes | bytearray)
