"""Flask extensions shared by every app instance, wired in ``create_app`` (``init_app``).

Socket.IO is created per app in ``create_app`` (its handlers close over that
app's services), so it is not here.
"""

from __future__ import annotations

from flask_wtf import CSRFProtect

csrf = CSRFProtect()
