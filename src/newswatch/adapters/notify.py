"""Sending a message to one channel with Apprise (the only code that talks to channels)."""

from __future__ import annotations

import logging

from newswatch.alerts import Message
from newswatch.config import scrub

# Seconds Apprise waits for one channel: a dead channel must not hold up the others for long.
SEND_TIMEOUT = 20


class AppriseNotifier:
    """Sends through Apprise; reports failures as text with the channel's secrets removed."""

    def send(self, url: str, secrets: list[str], message: Message) -> str | None:
        """None when delivered, else why not."""
        import apprise  # noqa: PLC0415  (only a run that sends pays for it)

        sender = apprise.Apprise()
        if not sender.add(url):
            return "not a URL Apprise can send to"
        with apprise.LogCapture(level=logging.WARNING) as log:  # type: ignore[no-untyped-call]
            try:
                ok = sender.notify(
                    title=message.title, body=message.body,
                    body_format=apprise.NotifyFormat.MARKDOWN, timeout=SEND_TIMEOUT,
                )  # fmt: skip
            except Exception as exc:  # a plugin's own bug must not stop the other channels
                return scrub(f"{type(exc).__name__}: {exc}", secrets)[:500]
            captured = log.getvalue() if hasattr(log, "getvalue") else ""
        if ok:
            return None
        lines = [line.split(" - ", 2)[-1] for line in str(captured).splitlines() if line.strip()]
        return scrub("; ".join(lines[-3:]) or "the channel refused the message", secrets)[:500]
