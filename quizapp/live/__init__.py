"""Realtime: the timer loop (and the Socket.IO handlers per role)."""
