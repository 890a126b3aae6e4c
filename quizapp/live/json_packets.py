"""Socket.IO packets for a JSON-only protocol: no walk of every payload looking for bytes.

python-socketio checks each outgoing payload for binary parts before encoding it, by walking it
whole (a recursive call per value, a list per container). quizapp sends JSON only
(docs/PROTOCOL.md): views, patches, acknowledgements. That walk of a whole view was 22 % of the
server's CPU while 1,000 phones connected (py-spy during ``scripts/bench fanout``): each new or
returning phone is sent a 48 kB view of its own. Here nothing is ever sent as binary; bytes inside
a payload make ``json.dumps`` raise, so a mistake fails loudly rather than being sent.
"""

from __future__ import annotations

from typing import Any

from socketio import packet


class JsonPacket(packet.Packet):
    """A Socket.IO packet whose payload is JSON: never binary, never walked."""

    @classmethod
    def data_is_binary(cls, data: Any) -> bool:
        """Only a payload that is bytes itself (none of quizapp's); nested bytes fail at encoding."""
        return isinstance(data, bytes | bytearray)
