"""Safe by default: loopback unless credentials are set, CSRF on every form, strict headers.

- Bound to a loopback address, the view is the local user's and asks for nothing.
- Bound to any other address it refuses to start unless a token or a user and password are set
  (NEWSWATCH_WEB__TOKEN, or NEWSWATCH_WEB__USER and NEWSWATCH_WEB__PASSWORD); every request then
  needs them: HTTP basic auth (the browser asks), `Authorization: Bearer TOKEN`, or the token
  once in `?token=`, which sets a cookie and is dropped from the address.
- Every POST carries the CSRF token of the `nw_csrf` cookie in its form (double submit) and,
  when the browser sends one, an Origin of this host.
- Pages may load scripts, styles and images from this server only (Content-Security-Policy).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ipaddress
import re
import secrets
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from newswatch.config import WebConfig

CSRF_COOKIE = "nw_csrf"
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,128}")
TOKEN_COOKIE = "nw_token"
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class WebConfigError(Exception):
    """The web view cannot start as configured; the message says what to set."""


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:  # a name: loopback only if every address it has is
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


def check_bind(host: str, web: WebConfig) -> None:
    """Refuse a non-loopback address without credentials, or with half of them."""
    if bool(web.user) != bool(web.password):
        raise WebConfigError("set both NEWSWATCH_WEB__USER and NEWSWATCH_WEB__PASSWORD, or neither")
    if not is_loopback(host) and not (web.token or web.user):
        raise WebConfigError(
            f"refusing to serve on {host}, which other machines can reach, without "
            "credentials: set NEWSWATCH_WEB__TOKEN (16 characters or more), or "
            "NEWSWATCH_WEB__USER and NEWSWATCH_WEB__PASSWORD, or bind 127.0.0.1"
        )


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def authorised(request: Request, web: WebConfig) -> bool:
    if not (web.token or web.user):
        return True
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if web.token and (
        (scheme.lower() == "bearer" and _same(value.strip(), web.token))
        or _same(request.cookies.get(TOKEN_COOKIE), web.token)
    ):
        return True
    given = basic_credentials(request) if web.user else None
    if given is not None:
        user, password = given
        return _same(user, web.user) & _same(password, web.password)
    return False


def basic_credentials(request: Request) -> tuple[str, str] | None:
    """(user, password) of an `Authorization: Basic` header, None without a readable one."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, password = base64.b64decode(value.strip()).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


def auth_middleware(
    web: WebConfig,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def check(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        token = request.query_params.get("token")
        if web.token and token is not None and _same(token, web.token):
            # a link with the token: remember it in a cookie, and drop it from the address
            query = urlencode([kv for kv in request.query_params.multi_items() if kv[0] != "token"])
            target = request.url.path + (f"?{query}" if query else "")
            response: Response = RedirectResponse(target, status_code=303)
            response.set_cookie(TOKEN_COOKIE, web.token, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")  # fmt: skip
            return response
        if not authorised(request, web):
            headers = {"WWW-Authenticate": 'Basic realm="newswatch"'} if web.user else {}
            return PlainTextResponse("credentials needed", status_code=401, headers=headers)
        return await call_next(request)

    return check


def csrf_token(request: Request) -> str:
    """The request's CSRF token: the cookie's, or a new one (set on the response)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or not _TOKEN_SHAPE.fullmatch(token):
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def csrf_ok(request: Request, submitted: str | None) -> bool:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.headers.get("host", ""):
            return False
    return _same(request.cookies.get(CSRF_COOKIE), submitted)


async def headers_middleware(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for k, v in HEADERS.items():
        response.headers.setdefault(k, v)
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")  # fmt: skip
    return response
