"""Browser libraries installed by npm at setup, served locally (the room has no internet)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from flask.typing import ResponseReturnValue

bp = Blueprint("vendor", __name__, url_prefix="/vendor")
DEFAULT_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
FILES = {"socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
         "socket.io.esm.min.js": "socket.io-client/dist/socket.io.esm.min.js"}


@bp.get("/<name>")
def vendor(name: str) -> ResponseReturnValue:
    """One whitelisted file from node_modules; 404 for anything else."""
    if name not in FILES:
        abort(404)
    root = Path(current_app.config.get("NODE_MODULES") or DEFAULT_NODE_MODULES)
    path = root / FILES[name]
    if not path.is_file():
        abort(404, description="浏览器库未安装：请运行 ./scripts/run 或 npm ci")
    return send_from_directory(path.parent, path.name, max_age=3600)
