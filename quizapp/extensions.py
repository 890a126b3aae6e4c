"""Flask extensions, created unbound and wired in ``create_app`` (``init_app``)."""

from __future__ import annotations

from flask_socketio import SocketIO
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
socketio = SocketIO()
