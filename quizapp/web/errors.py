"""zh-CN pages for 404, 403 and 500, so nobody in the hall meets an English Werkzeug page.

A 500 shows a fixed message only: the traceback goes to the server log, never to
the browser. API and other JSON callers get ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

PAGES = {
    404: ("页面不存在", "没有找到这个页面：链接可能输错了，或者这场比赛已被删除。请核对地址，或回到首页重新进入。"),
    403: ("没有权限", "这个页面需要相应的身份才能打开：请重新扫描发给你的二维码，或由主持人登录后再打开。"),
    500: ("服务器出错了", "服务器处理这个请求时出错，已记录在服务器日志中。请稍后刷新重试；如果一直出现，请联系主持人。"),
}
CODES = {404: "not_found", 403: "forbidden", 500: "server_error"}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (best == "application/json" and
                                                 request.accept_mimetypes[best] > request.accept_mimetypes["text/html"])


def error_page(code: int) -> ResponseReturnValue:
    """The zh-CN page (or JSON body) for ``code``."""
    title, message = PAGES[code]
    if _wants_json():
        return jsonify(error={"code": CODES[code], "message": message}), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def register(app: Flask) -> None:
    """Attach the handlers to ``app``."""

    @app.errorhandler(404)
    def not_found(error: HTTPException) -> ResponseReturnValue:
        """Unknown URL, contest or sheet."""
        return error_page(404)

    @app.errorhandler(403)
    def forbidden(error: HTTPException) -> ResponseReturnValue:
        """A staff page without the staff credential."""
        return error_page(403)

    @app.errorhandler(500)
    def server_error(error: Exception) -> ResponseReturnValue:
        """Any unhandled exception (Flask has already logged its traceback)."""
        return error_page(500)
