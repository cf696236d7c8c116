"""The analyst's web view: overview, events, event pages, review, feeds and alerts.

FastAPI and Jinja2 (both come with Prefect, so the view adds no server stack of its own), htmx
for the few interactions (vendored: the view works offline), charts as server-side SVG. Pages
read through the store like the CLI does, so SQLite and PostgreSQL serve alike; every value is
escaped by the templates (article text is third-party input); review actions are POST only and
CSRF-protected (`newswatch.web.security`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import io
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, unquote

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newswatch import EXTRACTOR_VERSION, catalog, export
from newswatch.adapters.db.store import Deliveries, SqlStore
from newswatch.config import Settings
from newswatch.models import Action
from newswatch.ports import EventQuery
from newswatch.review import FIELDS, ReviewError, Verdict
from newswatch.web import charts, views
from newswatch.web.security import (
    auth_middleware,
    basic_credentials,
    csrf_ok,
    csrf_token,
    headers_middleware,
)

HERE = Path(__file__).parent
OVERVIEW_WEEKS = 26
LATEST_EVENTS = 10
MAX_DOWNLOAD = 1_000_000


def _who(request: Request, settings: Settings) -> str:
    """Who made a decision: the user signed in with basic auth, 'token holder' behind a
    token, else (loopback, no credentials) the local user running the view."""
    user = basic_credentials(request)
    if user is not None:
        return user[0] or "web"
    if settings.web.token:
        return "token holder"
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "web"


def create_app(store: SqlStore, settings: Settings) -> FastAPI:
    """The web application over one store (the caller opens and closes it)."""
    app = FastAPI(title="newswatch", docs_url=None, redoc_url=None, openapi_url=None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.globals.update(
        count_label=views.count_label,
        country_name=views.country_name,
        actions=[a.value for a in Action],
        fields=FIELDS,
        version=EXTRACTOR_VERSION,
    )
    env.filters["day"] = lambda d: d.isoformat() if d else ""
    env.filters["stamp"] = lambda t: t.strftime("%Y-%m-%d %H:%M UTC") if t else ""
    page_size = settings.web.page_size

    @app.middleware("http")
    async def timing(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        start = time.perf_counter()
        response = await call_next(request)
        ms = (time.perf_counter() - start) * 1000
        response.headers["Server-Timing"] = f"app;dur={ms:.1f}"
        return response

    # the last added runs first: headers on every response, a 401 included
    app.middleware("http")(auth_middleware(settings.web))
    app.middleware("http")(headers_middleware)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        # what the last action said (a cookie this site set, so no link can put words here)
        flash = _flash(request)
        context.setdefault("message", flash.get("done", ""))
        context.setdefault("error", flash.get("error", ""))
        response = templates.TemplateResponse(
            request, name, {"csrf": csrf_token(request), **context}, status_code=status
        )
        if flash:
            response.delete_cookie(FLASH_COOKIE)
        return response

    @app.exception_handler(StarletteHTTPException)
    def not_found(request: Request, exc: StarletteHTTPException) -> Response:
        return page(request, "error.html", status=exc.status_code, status_code=exc.status_code,
                    detail=str(exc.detail))  # fmt: skip

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse)
    def overview(
        request: Request, by: Literal["action", "nationality", "country"] = "action"
    ) -> HTMLResponse:
        with store.reading() as r:
            last = r.last_event_day() or dt.date.today()
            first = views.week_of(last) - dt.timedelta(weeks=OVERVIEW_WEEKS - 1)
            rows = r.event_values(first)
            total, latest = r.event_page(EventQuery(limit=LATEST_EVENTS))
            series = r.series_latest()[:10]
            waiting = r.entry_stats()
        weeks, stacks = views.weekly(rows, first, last, by)
        stacks = views.keep_top(stacks, len(charts.PALETTE) - 1)
        chart = charts.stacked_weeks(
            weeks, stacks, title=f"people counted per week, by {by}",
            link="/events?since={since}&until={until}",
        )  # fmt: skip
        feeds = _feed_rows(store, settings, waiting)
        health = {
            "ok": sum(1 for f in feeds if f["state"] == "ok"),
            "failing": sum(1 for f in feeds if f["state"] == "failing"),
            "never": sum(1 for f in feeds if f["state"] == "never read"),
        }
        return page(request, "overview.html", chart=chart, by=by, total=total, latest=latest,
                    series=series, health=health, first=first, last=last,
                    people=sum(sum(v) for v in stacks.values()))  # fmt: skip

    @app.get("/events", response_class=HTMLResponse)
    def events(request: Request) -> HTMLResponse:
        f = views.parse_filters(request.query_params, page_size)
        with store.reading() as r:
            total, records = r.event_page(f.query)
        pages = max(1, -(-total // page_size))
        context: dict[str, Any] = {"f": f, "total": total, "records": records,
                                   "pages": pages, "errors": f.errors}  # fmt: skip
        if request.headers.get("hx-request") and request.headers.get("hx-target") == "results":
            return page(request, "_events_results.html", **context)
        return page(request, "events.html", **context)

    @app.get("/events/download.{fmt}")
    def download(request: Request, fmt: str) -> Response:
        if fmt not in export.FORMATS:
            raise HTTPException(404, f"no format {fmt}: csv, json or parquet")
        f = views.parse_filters(request.query_params, page_size)
        query = dataclasses.replace(f.query, offset=0, limit=MAX_DOWNLOAD)
        with store.reading() as r:
            _, records = r.event_page(query)
        name = f"newswatch-events-{dt.date.today()}.{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if fmt == "csv":
            return Response(export.to_csv(records), media_type="text/csv; charset=utf-8",
                            headers=headers)  # fmt: skip
        if fmt == "json":
            return Response(export.to_json(records) + "\n", headers=headers,
                            media_type="application/json")  # fmt: skip
        buf = io.BytesIO()
        export.to_parquet(records, buf)
        return Response(buf.getvalue(), media_type="application/vnd.apache.parquet",
                        headers=headers)  # fmt: skip

    @app.get("/events/{event_id}", response_class=HTMLResponse, response_model=None)
    def event(request: Request, event_id: int) -> Response:
        if not 0 < event_id < 2**31:
            raise HTTPException(404, "no such event")
        with store.reading() as r:
            rec = r.event(event_id)
            if rec is None:
                moved = r.merged_into(event_id)
                if moved is None:
                    raise HTTPException(404, f"no event {event_id}")
                query = request.url.query
                return RedirectResponse(
                    f"/events/{moved}" + (f"?{query}" if query else ""), status_code=301
                )
            series = r.series_values(rec.series_id) if rec.series_id else []
            texts = r.article_texts([m.article_id for m in rec.mentions])
        history = charts.count_history(
            [(str(v.published or ""), v.count, str(v.kind)) for v in rec.event.revisions]
        )
        series_chart = (
            charts.series_line([(end, c, eid == event_id) for eid, end, c in series])
            if len(series) > 1
            else ""
        )
        mentions = [
            {
                "m": m,
                "title": texts.get(m.article_id, ("", None))[1],
                "parts": views.marked(
                    texts.get(m.article_id, ("", None))[0], m.figure.evidence, m.figure.span
                ),
            }
            for m in rec.mentions
        ]
        # other events that may be this fact: asked for (it reads the candidates of every
        # mention), merged by the analyst if so
        possible = (
            catalog.possible_matches(store, event_id) if "matches" in request.query_params else None
        )
        return page(request, "event.html", rec=rec, e=rec.event, history=history,
                    series=series, series_chart=series_chart, mentions=mentions,
                    possible=possible)  # fmt: skip

    @app.post("/events/{event_id}/merge")
    def merge(
        request: Request, event_id: int, other: int = Form(...), csrf: str = Form("")
    ) -> RedirectResponse:
        _check_csrf(request, csrf)
        try:
            keep, gone = catalog.merge_events(store, event_id, other,
                                              by=_who(request, settings))  # fmt: skip
        except catalog.LinkError as exc:
            return _back(f"/events/{event_id}", error=str(exc))
        return _back(f"/events/{keep}", done=f"event {gone} merged into event {keep} (event "
                     f"{gone} now redirects here); kept across re-extraction")  # fmt: skip

    @app.post("/events/{event_id}/split")
    def split(
        request: Request, event_id: int, mention: int = Form(...), csrf: str = Form("")
    ) -> RedirectResponse:
        _check_csrf(request, csrf)
        try:
            new = catalog.split_mention(store, event_id, mention, by=_who(request, settings))
        except catalog.LinkError as exc:
            return _back(f"/events/{event_id}", error=str(exc))
        return _back(f"/events/{event_id}", done=f"mention {mention} is now event {new}, apart "
                     "from this one; kept across re-extraction")  # fmt: skip

    @app.post("/mentions/{mention_id}/review")
    def review(  # noqa: PLR0917 - FastAPI takes each form field as a parameter
        request: Request,
        mention_id: int,
        verdict: str = Form(...),
        csrf: str = Form(""),
        field: str = Form(""),
        value: str = Form(""),
        back: int = Form(0),
    ) -> RedirectResponse:
        _check_csrf(request, csrf)
        target = f"/events/{back}" if back > 0 else "/reviews"
        if verdict not in ("confirm", "reject", "correct"):
            return _back(target, error=f"no decision {verdict!r}")
        v: Verdict = verdict  # type: ignore[assignment]  # checked above
        try:
            done = catalog.review_mention(store, mention_id, v, by=_who(request, settings),
                                          field=field or None, value=value)  # fmt: skip
        except ReviewError as exc:
            return _back(target, error=str(exc))
        said = {"confirm": "confirmed", "reject": "rejected", "correct": f"corrected {field}"}
        changed = [c for c in done.recorded.changes if c.kind in catalog.ALERT_KINDS]
        note = f"mention {mention_id} {said[verdict]}" + (
            f"; the event changed ({', '.join(c.kind for c in changed)})" if changed else ""
        )
        if done.event_id is not None:
            target = f"/events/{done.event_id}"
        elif back > 0:
            with store.reading() as r:  # a rejected figure may have been its event's only one
                if r.event(back) is None and r.merged_into(back) is None:
                    target = "/reviews"
        return _back(target, done=note)

    @app.get("/reviews", response_class=HTMLResponse)
    def reviews(request: Request) -> HTMLResponse:
        with store.reading() as r:
            rows = r.reviews(limit=500)
        return page(request, "reviews.html", rows=rows)

    @app.post("/reviews/{review_id}/undo")
    def undo(request: Request, review_id: int, csrf: str = Form("")) -> RedirectResponse:
        _check_csrf(request, csrf)
        try:
            done = catalog.undo_review(store, review_id)
        except ReviewError as exc:
            return _back("/reviews", error=str(exc))
        return _back("/reviews", done=f"review {review_id} taken back ({done.review.verdict})")

    @app.get("/feeds", response_class=HTMLResponse)
    def feeds(request: Request) -> HTMLResponse:
        with store.reading() as r:
            waiting = r.entry_stats()
        return page(request, "feeds.html", feeds=_feed_rows(store, settings, waiting))

    @app.get("/alerts", response_class=HTMLResponse)
    def alerts(request: Request) -> HTMLResponse:
        from newswatch.alerts import Alert, render  # noqa: PLC0415

        boxes = Deliveries(store)
        summary, recent = boxes.summary(), boxes.recent(100)
        configured = [c.label for c in settings.alerts]
        channels = [
            {"name": name, "configured": name in configured, **summary.get(name, {"counts": {}})}
            for name in dict.fromkeys([*configured, *summary])
        ]
        lines = [
            {"r": d, "title": render(Alert(d.outbox_id, d.kind, d.title_payload)).title}
            for d in recent
            if d.status != "filtered"
        ]
        return page(request, "alerts.html", channels=channels, lines=lines)

    return app


FLASH_COOKIE = "nw_flash"


def _check_csrf(request: Request, csrf: str) -> None:
    if not csrf_ok(request, csrf):
        raise HTTPException(403, "this form has expired: reload the page and try again")


def _back(target: str, **said: str) -> RedirectResponse:
    """See `target`, with what was done (`done`) or what went wrong (`error`) shown once."""
    response = RedirectResponse(target, status_code=303)
    payload = json.dumps({k: v[:300] for k, v in said.items() if k in ("done", "error")})
    response.set_cookie(FLASH_COOKIE, quote(payload, safe=""), max_age=60, httponly=True,
                        samesite="strict")  # fmt: skip
    return response


def _flash(request: Request) -> dict[str, str]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return {}
    try:
        said = json.loads(unquote(raw))
    except ValueError:
        return {}
    if not isinstance(said, dict):
        return {}
    return {k: str(v)[:300] for k, v in said.items() if k in ("done", "error")}


def _feed_rows(
    store: SqlStore, settings: Settings, waiting: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    rows = []
    for feed in settings.feeds:
        h = store.get(feed.label)
        w = waiting.get(feed.label, {})
        state = (
            "never read"
            if h is None or (h.last_success is None and not h.consecutive_failures)
            else "failing"
            if h.consecutive_failures
            else "ok"
        )
        rows.append({"name": feed.name, "url": feed.label, "h": h, "w": w, "state": state})
    return rows
