"""Alerts through real receivers: an SMTP server (aiosmtpd) for mailto:// and a local HTTP
server for json:// webhooks; Apprise itself is never mocked. A real SQLite file, a real site."""

from __future__ import annotations

import datetime as dt
import email
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from newswatch import delivery, runs
from newswatch.adapters.db.store import Deliveries
from newswatch.alerts import Message
from newswatch.bootstrap import Services, build
from newswatch.config import ConfigError, load_settings
from tests.fixtures.server import LocalServer, Reply
from tests.fixtures.site import NewsSite, config


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(m["Subject"]).replace("\n", "").replace("\r", "") for m in self.messages]


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def site(server: LocalServer) -> NewsSite:
    server.route("/hook", Reply(200, b"ok"))
    return NewsSite(server)


def channel(name: str, url: str, **extra: Any) -> str:
    lines = [f'\n[[alerts]]\nname = "{name}"\nurl = "{url}"']
    lines += [f"{k} = {json.dumps(v)}" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def webhook(server: LocalServer, path: str = "/hook") -> str:
    return "json://" + server.base.removeprefix("http://") + path


def hooks(server: LocalServer, path: str = "/hook") -> list[dict[str, Any]]:
    return [json.loads(b) for b in server.posts.get(path, [])]


def services_for(tmp: Path, server: LocalServer, alerts: str, **kw: Any) -> Services:
    return build(load_settings(config(tmp, server, alerts=alerts, **kw)))


def test_each_new_event_reaches_email_and_webhook_once(
    tmp_path: Path, server: LocalServer, site: NewsSite, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    mail = (
        f"mailto://127.0.0.1:{port}?from=newswatch@example.test&to=desk@example.test&mode=insecure"
    )
    svc = services_for(tmp_path, server, channel("desk", mail) + channel("hook", webhook(server)))
    try:
        for stem in ("01_a-flight-312", "05_d-bavet-raid", "06_c-bavet-34"):
            site.publish(stem)
        runs.monitor_pass(svc)
        reports = {r.channel: r for r in delivery.deliver(svc)}
        assert (reports["desk"].sent, reports["hook"].sent) == (3, 3)
        titles = sorted(h["title"] for h in hooks(server))
        assert titles == sorted(inbox.subjects())
        assert "Cambodia deported 312 Chinese nationals (7 Mar 2026)" in titles
        assert "Cambodia arrested more than 100 people (9 Mar 2026)" in titles
        assert "Revised: Cambodia arrested 34 people (9 Mar 2026), was more than 100" in titles
        body = next(h["message"] for h in hooks(server) if "312" in h["title"])
        assert "Techo International Airport" in body and "General Department of Immigration" in body
        assert site.url("01_a-flight-312") in body  # every source linked
        # Rerunning sends nothing more; a pass with nothing new sends nothing.
        runs.monitor_pass(svc)
        assert all(r.sent == 0 for r in delivery.deliver(svc))
        assert len(hooks(server)) == 3 and len(inbox.messages) == 3
    finally:
        svc.close()


def test_a_failing_channel_is_retried_while_the_others_get_theirs(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    answers = iter([Reply(500, b"down")] * 2 + [Reply(200, b"ok")] * 10)
    server.route("/flaky", lambda _r: next(answers))
    alerts = (channel("good", webhook(server)) + channel("flaky", webhook(server, "/flaky"))
              + channel("refused", "json://127.0.0.1:9/hook"))  # fmt: skip
    svc = services_for(tmp_path, server, alerts)
    try:
        for stem in ("05_d-bavet-raid", "15_f-pasay-rescue"):
            site.publish(stem)
        runs.monitor_pass(svc)
        first = {r.channel: r for r in delivery.deliver(svc)}
        assert (first["good"].sent, first["flaky"].failed, first["refused"].failed) == (2, 2, 2)
        assert first["flaky"].error and first["refused"].error
        assert len(hooks(server)) == 2
        # Not due yet: the retry waits (a minute, doubling).
        assert all(r.sent == r.failed == 0 for r in delivery.deliver(svc))
        later = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)  # noqa: E731
        second = {r.channel: r for r in delivery.deliver(svc, now=later)}
        assert (second["good"].sent, second["flaky"].sent, second["refused"].failed) == (0, 2, 2)
        assert len(hooks(server, "/flaky")) == 4  # two refused with 500, then two delivered
        summary = Deliveries(svc.store).summary()
        assert summary["refused"]["counts"] == {"failed": 2}
        assert summary["flaky"]["counts"] == {"sent": 2}
    finally:
        svc.close()


class Dies:
    """A notifier whose process dies in the middle of sending (after the claim)."""

    def send(self, url: str, secrets: list[str], message: Message) -> str | None:
        raise KeyboardInterrupt


def test_a_crash_before_or_during_sending_loses_nothing(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    alerts = channel("hook", webhook(server))
    for stem in ("05_d-bavet-raid", "06_c-bavet-34"):
        site.publish(stem)
    svc = services_for(tmp_path, server, alerts)
    runs.monitor_pass(svc)  # the changes and their alerts are committed...
    svc.close()  # ...and the process ends before delivering anything
    svc = services_for(tmp_path, server, alerts)
    try:
        (report,) = delivery.deliver(svc)
        assert report.sent == 2 and len(hooks(server)) == 2
        assert delivery.deliver(svc)[0].sent == 0  # exactly once

        site.publish("07_b-bavet-26")
        runs.monitor_pass(svc)
        with pytest.raises(KeyboardInterrupt):
            delivery.deliver(svc, notifier=Dies())  # dies mid-send: claimed, never marked
        assert delivery.deliver(svc)[0].sent == 0  # the claim holds for a while
        after_lease = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=11)  # noqa: E731
        assert delivery.deliver(svc, now=after_lease)[0].sent == 1
        assert [h["title"] for h in hooks(server)][-1].startswith("Revised: ")
    finally:
        svc.close()


def test_filters_and_digest(tmp_path: Path, server: LocalServer, site: NewsSite) -> None:
    server.route("/arrests", Reply(200, b"ok"))
    server.route("/digest", Reply(200, b"ok"))
    alerts = (
        channel("arrests", webhook(server, "/arrests"), actions=["arrested"], min_count=30,
                kinds=["new_event", "revised"])
        + channel("digest", webhook(server, "/digest"), digest=True)
        + channel("vietnamese", webhook(server), nationalities=["VN"])
    )  # fmt: skip
    svc = services_for(tmp_path, server, alerts)
    try:
        for stem in ("01_a-flight-312", "05_d-bavet-raid", "06_c-bavet-34", "11_d-bavet-vietnamese",
                     "17_g-pasay-other-raid"):  # fmt: skip
            site.publish(stem)
        runs.monitor_pass(svc)
        reports = {r.channel: r for r in delivery.deliver(svc)}
        arrests = [h["title"] for h in hooks(server, "/arrests")]
        assert len(arrests) == 2 and all("arrested" in t for t in arrests)  # raid, revision
        assert reports["arrests"].filtered == 3
        (digest,) = hooks(server, "/digest")
        assert digest["title"] == "newswatch: 5 new figures"
        assert "312 Chinese nationals" in digest["message"] and "45 Vietnamese" in digest["message"]
        assert [h["title"] for h in hooks(server)] == [
            "Cambodia deported 45 Vietnamese nationals (7 Mar 2026)"
        ]
    finally:
        svc.close()


def test_a_series_update_says_up_from(tmp_path: Path, server: LocalServer, site: NewsSite) -> None:
    svc = services_for(tmp_path, server, channel("hook", webhook(server)))
    try:
        for stem in ("08_a-deported-since-july", "10_a-deported-since-july-sept"):
            site.publish(stem)
            runs.monitor_pass(svc)
        delivery.deliver(svc)
        titles = [h["title"] for h in hooks(server)]
        assert titles[-1].startswith("Cambodia has deported 1,975 people since 1 Jul 2026")
        assert titles[-1].endswith("up from 1,420")
        assert "**Series:** 1,420 → 1,975" in hooks(server)[-1]["message"]
    finally:
        svc.close()


def test_a_failing_feed_is_reported_once_and_its_recovery_once(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    state = {"up": False}
    server.route(
        "/wobbly.xml", lambda _r: Reply(200, site.feed()) if state["up"] else Reply(503, b"")
    )
    alerts = channel("hook", webhook(server), kinds=["feed_down"])
    svc = services_for(
        tmp_path, server, alerts, extra_feeds=[("Wobbly", server.url("/wobbly.xml"))]
    )
    try:
        for _ in range(5):  # failing five runs in a row: told once, after the third
            runs.monitor_pass(svc)
            delivery.deliver(svc)
        assert [h["title"] for h in hooks(server)] == [f"Feed failing: {server.url('/wobbly.xml')}"]
        state["up"] = True
        for _ in range(2):
            runs.monitor_pass(svc)
            delivery.deliver(svc)
        assert [h["title"] for h in hooks(server)][1:] == [
            f"Feed back: {server.url('/wobbly.xml')}"
        ]
    finally:
        svc.close()


def test_backfill_sends_one_summary(tmp_path: Path, server: LocalServer, site: NewsSite) -> None:
    svc = services_for(tmp_path, server, channel("hook", webhook(server)))
    try:
        for stem in ("08_a-deported-since-july", "09_c-deported-since-july", "14_d-kh-deports-58"):
            site.archive(stem)
        runs.backfill(svc, since=dt.date(2026, 6, 1), until=dt.date(2026, 9, 30))
        delivery.deliver(svc)
        (summary,) = hooks(server)
        assert summary["title"] == ("Backfill 2026-06-01 → 2026-09-30: 2 new events, 0 revisions, "
                                    "0 series values")  # fmt: skip
    finally:
        svc.close()


@pytest.mark.parametrize(
    ("entry", "needle", "line"),
    [
        ('url = "nonsense-not-a-service://x"', "alerts[0].url", 5),
        ('url = "json://127.0.0.1/x"\nkinds = ["everything"]', "alerts[0].kinds", 6),
        (
            'url = "json://${NEWSWATCH_TEST_UNSET_SECRET}@127.0.0.1/x"',
            "NEWSWATCH_TEST_UNSET_SECRET is not set",
            5,
        ),
    ],
)
def test_a_bad_channel_is_a_config_error_naming_the_entry(
    tmp_path: Path, entry: str, needle: str, line: int
) -> None:
    path = tmp_path / "newswatch.toml"
    path.write_text(f'topic = ["scam"]\n\n[[alerts]]\nname = "desk"\n{entry}\n', "utf8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert needle in str(info.value) and f"line {line}:" in str(info.value)


def test_secrets_come_from_the_environment_and_never_show(
    tmp_path: Path, server: LocalServer, site: NewsSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NW_HOOK_PASSWORD", "s3cr3t-value")
    alerts = '\n[[alerts]]\nurl = "json://alice:${NW_HOOK_PASSWORD}@127.0.0.1:9/hook"\n'
    svc = services_for(tmp_path, server, alerts)
    try:
        (ch,) = svc.settings.alerts
        assert ch.label == "json://127.0.0.1:9" and "s3cr3t" not in ch.url
        site.publish("05_d-bavet-raid")
        runs.monitor_pass(svc)
        (report,) = delivery.deliver(svc)
        assert report.failed == 1 and report.error and "s3cr3t-value" not in report.error
        assert "s3cr3t-value" not in json.dumps(Deliveries(svc.store).summary(), default=str)
    finally:
        svc.close()


def test_the_first_pass_over_a_new_feed_is_one_baseline_summary(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    svc = services_for(tmp_path, server, channel("hook", webhook(server)), first_run="summary")
    try:
        for stem in ("01_a-flight-312", "05_d-bavet-raid", "15_f-pasay-rescue"):
            site.publish(stem)
        first = runs.monitor_pass(svc)
        assert first.changes["new_event"] == 3
        delivery.deliver(svc)
        assert [h["title"] for h in hooks(server)] == [
            "Baseline: 3 articles, 3 events from Test Outlet"
        ]
        site.publish("06_c-bavet-34")  # the second pass alerts each change
        runs.monitor_pass(svc)
        delivery.deliver(svc)
        titles = [h["title"] for h in hooks(server)]
        assert titles[1:] == [
            "Revised: Cambodia arrested 34 people (9 Mar 2026), was more than 100"
        ]
    finally:
        svc.close()


def test_with_first_run_each_only_events_past_the_horizon_are_summarised(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    path = config(tmp_path, server, alerts=channel("hook", webhook(server)))
    path.write_text(path.read_text().replace("first_run_horizon = 0", "first_run_horizon = 30"))
    svc = build(load_settings(path))
    try:
        site.publish("01_a-flight-312")  # March 2026: months before today
        recent = (dt.date.today() - dt.timedelta(days=2)).strftime("%-d %B %Y")
        site.publish_text(
            "fresh-raid", "Police arrest 47 in Kandal scam raid", dt.date.today().isoformat(),
            f"Cambodian police arrested 47 Thai nationals in a raid on an online scam compound "
            f"in Kandal province on {recent}, officials said.",
        )  # fmt: skip
        runs.monitor_pass(svc)
        delivery.deliver(svc)
        titles = sorted(h["title"] for h in hooks(server))
        assert len(titles) == 2, titles
        assert titles[0].startswith("Baseline: 2 articles, 2 events from Test Outlet")
        assert titles[1].startswith("Cambodia arrested 47 Thai nationals")
    finally:
        svc.close()


def test_a_claim_left_by_a_dead_process_is_free_at_once(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    import socket as sock
    import subprocess
    import sys

    from sqlalchemy import update

    from newswatch.adapters.db.schema import DeliveryRow

    site.publish("05_d-bavet-raid")
    svc = services_for(tmp_path, server, channel("hook", webhook(server)))
    try:
        runs.monitor_pass(svc)
        with pytest.raises(KeyboardInterrupt):
            delivery.deliver(svc, notifier=Dies())  # claimed, never marked
        assert delivery.deliver(svc)[0].sent == 0  # this process still runs: its claim holds
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
        with svc.store.transaction() as tx:  # as if a process that has ended had claimed it
            tx.session.execute(
                update(DeliveryRow).values(owner=f"{sock.gethostname()}:{gone.stdout.strip()}:1")
            )
        assert delivery.deliver(svc)[0].sent == 1  # no lease to wait for
        assert len(hooks(server)) == 1
    finally:
        svc.close()


def test_four_deliverers_at_once_send_each_alert_once(
    tmp_path: Path, server: LocalServer, site: NewsSite, db_url: str
) -> None:
    import threading

    server.route("/slow-hook", Reply(200, b"ok", delay=0.05))
    for stem in ("01_a-flight-312", "05_d-bavet-raid", "15_f-pasay-rescue", "14_d-kh-deports-58",
                 "08_a-deported-since-july"):  # fmt: skip
        site.publish(stem)
    path = config(tmp_path, server, alerts=channel("hook", webhook(server, "/slow-hook")))
    text = path.read_text()
    path.write_text(text.replace(text.split("database_url = ")[1].split("\n")[0], f'"{db_url}"'))
    deliverers = [build(load_settings(path)) for _ in range(4)]
    try:
        runs.monitor_pass(deliverers[0])
        reports: list[Any] = []
        workers = [threading.Thread(target=lambda s=s: reports.extend(delivery.deliver(s)))
                   for s in deliverers]  # fmt: skip
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        titles = [h["title"] for h in hooks(server, "/slow-hook")]
        assert len(titles) == len(set(titles)) == sum(r.sent for r in reports) >= 5
    finally:
        for s in deliverers:
            s.close()


def test_a_hanging_channel_delays_no_other_and_is_not_flooded(
    tmp_path: Path, server: LocalServer, site: NewsSite
) -> None:
    server.route("/hang", Reply(200, b"ok", delay=2.0))  # answers long after its timeout
    for stem in ("01_a-flight-312", "05_d-bavet-raid", "15_f-pasay-rescue", "14_d-kh-deports-58"):
        site.publish(stem)
    alerts = (channel("slow", webhook(server, "/hang"), timeout=0.5)
              + channel("fast", webhook(server)))  # fmt: skip
    svc = services_for(tmp_path, server, alerts)
    try:
        runs.monitor_pass(svc)
        reports = {r.channel: r for r in delivery.deliver(svc)}
        assert reports["fast"].sent == 4 and len(hooks(server)) == 4  # not held up
        slow = reports["slow"]
        assert (slow.sent, slow.failed) == (0, 1)  # one timeout, the rest left for later
        assert "3 more left for the next run" in str(slow.error)
        assert len(server.hits["/hang"]) == 1
        # The next run tries the next alert, never the one that timed out (it may still arrive)
        again = {r.channel: r for r in delivery.deliver(svc)}
        assert (again["slow"].failed, again["fast"].sent) == (1, 0)
        assert len(server.hits["/hang"]) == 2
        bodies = [json.loads(b)["title"] for b in server.posts["/hang"]]
        assert len(set(bodies)) == 2  # two different alerts, none sent twice
    finally:
        svc.close()


def test_the_send_timeout_is_set_unless_the_url_sets_it() -> None:
    assert delivery.with_timeout("json://h/x", 15) == "json://h/x?rto=15&cto=15"
    assert delivery.with_timeout("json://h/x?rto=3", 15) == "json://h/x?rto=3&cto=15"
    assert delivery.with_timeout("json://h/x?rto=3&cto=2", 15) == "json://h/x?rto=3&cto=2"
