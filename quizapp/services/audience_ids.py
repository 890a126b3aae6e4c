"""The audience cookie's name: the /watch page sets it, the socket reads it.

The page (``web``) and the socket (``live``) both need it, and neither may
import the other, so it lives below both. The cookie's value is signed and
checked by ``live.identity.Gate``.
"""

from __future__ import annotations

AUDIENCE_COOKIE = "quizapp_audience"
