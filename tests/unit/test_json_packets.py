"""Outgoing Socket.IO packets are JSON and are not walked for bytes."""

from __future__ import annotations

import json

import pytest
from socketio import packet

from quizapp.app import create_app
from quizapp.live.json_packets import JsonPacket, Spliced, shared_text

VIEW = {"teams": [{"id": f"t{i}", "score": i, "members": ["甲", "乙"]} for i in range(100)], "phase": None}


def test_the_server_encodes_with_json_packets(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "i"), "TESTING": True, "START_BACKGROUND": False,
                      "ASYNC_MODE": "threading"})
    assert app.extensions["quizapp.socketio"].server.packet_class is JsonPacket


def test_a_view_encodes_as_the_standard_packet_does():
    ours = JsonPacket(packet.EVENT, data=["view", VIEW]).encode()
    assert ours == packet.Packet(packet.EVENT, data=["view", VIEW]).encode()
    assert ours.startswith('2["view",{')


def test_a_view_is_not_walked_for_bytes(monkeypatch):
    def walked(*_args):
        raise AssertionError("the payload was walked")

    monkeypatch.setattr(packet.Packet, "data_is_binary", classmethod(walked))
    assert JsonPacket(packet.EVENT, data=["view", VIEW]).packet_type == packet.EVENT


def test_bytes_inside_a_payload_fail_at_encoding_instead_of_being_sent():
    with pytest.raises(TypeError):
        JsonPacket(packet.EVENT, data=["view", {"png": b"\x89PNG"}]).encode()


def test_incoming_packets_decode_as_before():
    decoded = JsonPacket(encoded_packet='2["buzz",{"t":1.5}]')
    assert (decoded.packet_type, decoded.data) == (packet.EVENT, ["buzz", {"t": 1.5}])


def test_a_spliced_view_reads_and_encodes_as_the_whole_view():
    own = {"server_time": 12.5, "me": {"team_id": "t1", "member": "甲"}, "rev": "abc-7"}
    shared = {**VIEW, "server_time": 11.0, "rev": "old"}  # a room view's own keys are replaced
    spliced = Spliced(shared, shared_text(shared), own)
    whole = {**VIEW, **own}
    assert dict(spliced) == whole
    text = JsonPacket(packet.EVENT, data=["view", spliced]).encode()
    assert json.loads(text[1:]) == ["view", whole]
    assert text.endswith(',"rev":"abc-7"}]')  # the revision last, as on every whole view


def test_a_spliced_view_reuses_the_rooms_text():
    """The room's part is whatever text was encoded for the room: it is not encoded again."""
    spliced = Spliced({"a": 1}, '{"a":"as encoded for the room"}', {"rev": "r"})
    assert JsonPacket(packet.EVENT, data=["view", spliced]).encode() == \
        '2["view",{"a":"as encoded for the room","rev":"r"}]'


def test_a_spliced_view_with_nothing_shared_is_still_json():
    text = JsonPacket(packet.EVENT, data=["view", Spliced({}, "{}", {"rev": "r"})]).encode()
    assert json.loads(text[1:]) == ["view", {"rev": "r"}]
