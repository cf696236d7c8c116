"""One configuration object: environment variables over a TOML file over built-in defaults.

The file is `NEWSWATCH_CONFIG`, else `./newswatch.toml` when it exists. Nested settings take
environment variables with a double underscore: `NEWSWATCH_HTTP__TIMEOUT=20`. A bad file gives
one `ConfigError` naming the file, the line and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, Field, HttpUrl, TypeAdapter, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_FILE = Path("newswatch.toml")

# The topic filter: an article needs one of these (case-insensitive) in its title or text.
DEFAULT_TOPIC = [
    "scam", "fraud", "cybercrime", "online gambling", "illegal gambling", "pogo", "telecom",
    "call centre", "call center", "human trafficking", "compound",
]  # fmt: skip

# English-language sources for this domain. Checked against their sites' published feed
# addresses; a feed that moves shows up in `newswatch feeds` health, never stops a run.
DEFAULT_FEEDS: list[dict[str, Any]] = [
    {"name": "Khmer Times", "url": "https://www.khmertimeskh.com/feed/"},
    {"name": "CamboJA News", "url": "https://cambojanews.com/feed/"},
    {"name": "VOD English", "url": "https://vodenglish.news/feed/"},
    {"name": "Kiripost", "url": "https://kiripost.com/feed"},
    {"name": "The Irrawaddy", "url": "https://www.irrawaddy.com/feed"},
    {"name": "Bangkok Post", "url": "https://www.bangkokpost.com/rss/data/topstories.xml"},
    {"name": "Philippine News Agency", "url": "https://www.pna.gov.ph/latest.rss"},
    {
        "name": "Google News: Cambodia scam crackdown",
        "url": "https://news.google.com/rss/search?q=cambodia+scam+deported+OR+arrested&hl=en-US&gl=US&ceid=US:en",
        "interval": 3600,
    },
    {
        "name": "Google News: Myanmar scam centres",
        "url": "https://news.google.com/rss/search?q=myanmar+scam+centre+raid&hl=en-US&gl=US&ceid=US:en",
        "interval": 3600,
    },
    {
        "name": "Google News: Philippines POGO raid",
        "url": "https://news.google.com/rss/search?q=POGO+raid+arrested&hl=en-PH&gl=PH&ceid=PH:en",
        "interval": 3600,
    },
]


_HTTP_URL: TypeAdapter[HttpUrl] = TypeAdapter(HttpUrl)


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file, line and key."""


class FeedConfig(BaseModel):
    """One feed. Its URL may read secrets from the environment (`${VAR}`, as alert URLs do):
    they are filled in only to fetch, never stored or shown; a password written into the URL
    itself is shown and stored as ***."""

    model_config = {"extra": "forbid", "allow_inf_nan": False}  # a misspelt key is an error

    name: str = Field(min_length=1)
    url: str
    interval: int | None = Field(default=None, ge=60, description="seconds between fetches")
    topic: list[str] | None = None  # overrides the global topic filter for this feed

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        require_env(value)
        checked = str(_HTTP_URL.validate_python(AlertConfig.expand(value)))
        # a plain URL is kept in its normal form (its identity in the store); one that reads
        # the environment is kept as written
        return value if ENV_REF.search(value) else checked

    @property
    def label(self) -> str:
        """The feed as stored and shown: its URL without any secret."""
        return redact(self.url)

    @property
    def fetch_url(self) -> str:
        """The URL to fetch, secrets filled in (never printed)."""
        return AlertConfig.expand(self.url)

    @property
    def secrets(self) -> list[str]:
        """What must never appear in a message: the environment's values and a written password."""
        found = [os.environ.get(n, "") for n in ENV_REF.findall(self.url)]
        parts = urlsplit(self.fetch_url)
        written = [v for _, v in _secret_params(parts.query)]
        return [s for s in [*found, parts.password or "", *written] if s]


# Query parameters whose values are secrets (API keys, tokens, signatures).
SECRET_PARAMS = frozenset(
    "token access_token auth_token api_key apikey key secret client_secret password pass pwd "
    "auth signature sig session sessionid private_token".split()
)


def _secret_params(query: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of a query string that carry a secret, as written."""
    out = []
    for pair in query.split("&"):
        name, _, value = pair.partition("=")
        if name.lower() in SECRET_PARAMS and value and not ENV_REF.fullmatch(value):
            out.append((name, value))
    return out


def redact(url: str) -> str:
    """A URL with the password of its user part and the values of secret-looking query
    parameters (token, key, signature, ...) replaced by ***; ${VAR} references stay."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None and not ENV_REF.fullmatch(parts.password):
        netloc = f"{parts.username or ''}:***@{netloc.rsplit('@', 1)[1]}"
    secret = dict(_secret_params(parts.query))
    query = "&".join(
        f"{name}=***" if name in secret else f"{name}{eq}{value}"
        for name, eq, value in (pair.partition("=") for pair in parts.query.split("&"))
    ) if parts.query else ""  # fmt: skip
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def require_env(value: str) -> None:
    """Every ${VAR} a setting reads must be set (ValueError naming the first that is not)."""
    missing = [m for m in ENV_REF.findall(value) if m not in os.environ]
    if missing:
        raise ValueError(f"environment variable {missing[0]} is not set")


def scrub(message: str, secrets: Sequence[str]) -> str:
    """A message with every secret replaced by ***."""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return message


class HttpConfig(BaseModel):
    model_config = {"extra": "forbid", "allow_inf_nan": False}

    user_agent: str = "newswatch/0.1 (+{contact})"
    contact: str = "https://github.com/newswatch"
    connect_timeout: float = Field(default=10.0, gt=0, le=600)
    read_timeout: float = Field(default=20.0, gt=0, le=600)
    total_timeout: float = Field(default=60.0, gt=0, le=3600)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, gt=0, le=1 << 30)
    max_redirects: int = Field(default=5, ge=0, le=30)
    retries: int = Field(default=3, ge=0, le=20)
    backoff: float = Field(
        default=1.0, ge=0, le=600, description="first retry delay, doubled each time"
    )
    per_host_concurrency: int = Field(default=2, ge=1, le=64)
    per_host_delay: float = Field(
        default=1.0, ge=0, le=3600, description="seconds between requests"
    )
    max_retry_after: float = Field(default=300.0, ge=0, le=86_400)
    respect_robots: bool = True

    @property
    def agent(self) -> str:
        return self.user_agent.format(contact=self.contact)


AlertKind = Literal["new_event", "revised", "series_update", "feed_down"]
ALERT_KINDS: tuple[AlertKind, ...] = ("new_event", "revised", "series_update", "feed_down")
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class AlertConfig(BaseModel):
    """One channel: an Apprise URL and what to send to it."""

    model_config = {"extra": "forbid", "allow_inf_nan": False}

    name: str | None = Field(
        default=None, description="how the channel is shown; default: its service"
    )
    url: str = Field(min_length=3, description="Apprise URL; ${VAR} reads an environment variable")
    kinds: list[AlertKind] = Field(default_factory=lambda: list(ALERT_KINDS))
    actions: list[str] | None = None  # e.g. ["deported", "arrested"]; None: every action
    countries: list[str] | None = None  # where it happened, ISO codes
    nationalities: list[str] | None = None  # who, ISO codes
    min_count: int = Field(default=0, ge=0)
    digest: bool = False  # one message per run instead of one per change
    # Seconds one send may take (Apprise's read and connect timeouts, unless the URL sets
    # rto/cto): a channel that times out is left for the next run, not waited on alert by alert.
    timeout: float = Field(default=15.0, gt=0, le=300)

    @field_validator("url")
    @classmethod
    def _apprise_url(cls, value: str) -> str:
        require_env(value)
        import apprise  # noqa: PLC0415  (only configurations with alerts pay for it)

        if not apprise.Apprise().add(cls.expand(value)):
            raise ValueError("not a URL Apprise can send to (see https://appriseit.com)")
        return value

    @field_validator("countries", "nationalities")
    @classmethod
    def _upper(cls, value: list[str] | None) -> list[str] | None:
        return [v.upper() for v in value] if value is not None else None

    @staticmethod
    def expand(url: str) -> str:
        """The URL with ${VAR} references replaced from the environment (never logged)."""
        return ENV_REF.sub(lambda m: os.environ.get(m.group(1), ""), url)

    @property
    def label(self) -> str:
        """A name safe to print: the configured name, else the service and host without any
        credentials."""
        if self.name:
            return self.name
        scheme, _, rest = self.url.partition("://")
        host = rest.split("@")[-1].split("/")[0].split("?")[0]
        return f"{scheme}://{host}" if "$" not in host else f"{scheme}://…"


class ScheduleConfig(BaseModel):
    """When `newswatch serve` runs the monitor flow."""

    model_config = {"extra": "forbid", "allow_inf_nan": False}

    cron: str = Field(default="*/30 * * * *", description="cron expression, 5 fields")
    timezone: str = "UTC"
    # A monitor run taking longer than this is stopped (it fails, and frees its slot).
    timeout: int = Field(default=3600, ge=60, description="seconds")
    # No monitor run completed for this many intervals: one "monitor stalled" alert.
    stalled_after: int = Field(default=3, ge=1)

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError(
                f"a cron expression has 5 fields (min hour day month weekday): {value!r}"
            )
        return value


class WebConfig(BaseModel):
    """The analyst's web view (`newswatch web`, and beside `newswatch serve`). It binds
    127.0.0.1; any other address needs a token or a user and password, best given in the
    environment (NEWSWATCH_WEB__TOKEN, or NEWSWATCH_WEB__USER and NEWSWATCH_WEB__PASSWORD)."""

    model_config = {"extra": "forbid"}

    enabled: bool = True  # started beside `newswatch serve`
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=0, le=65535)
    token: str | None = Field(default=None, min_length=16)
    user: str | None = None
    password: str | None = Field(default=None, min_length=8)
    page_size: int = Field(default=50, ge=10, le=500)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NEWSWATCH_", env_nested_delimiter="__", extra="forbid", allow_inf_nan=False
    )

    database_url: str | None = None
    data_dir: Path | None = None
    topic: list[str] = Field(default_factory=lambda: list(DEFAULT_TOPIC))
    feeds: list[FeedConfig] = Field(
        default_factory=lambda: [FeedConfig(**f) for f in DEFAULT_FEEDS]
    )
    # Worker processes that clean and extract articles; default one per core, 1 = in-process.
    processes: int | None = Field(default=None, ge=1)
    http: HttpConfig = Field(default_factory=HttpConfig)
    schedule: ScheduleConfig = Field(default_factory=ScheduleConfig)
    alerts: list[AlertConfig] = Field(default_factory=list)
    # A feed failing this many runs in a row is reported once (and its recovery once).
    feed_down_after: int = Field(default=3, ge=1)
    # An article whose page could not be read is tried again on a later pass: first after this
    # many seconds, doubling each time (at most a day), and given up after `article_attempts`.
    article_retry_delay: float = Field(default=600.0, ge=0)
    article_attempts: int = Field(default=5, ge=1)
    # Articles of one feed read in one pass at most; the rest stay queued for the next passes.
    articles_per_feed: int = Field(default=200, ge=1)
    # CPU seconds one page may take to clean and extract (in the worker processes); a page over
    # it is skipped with the reason. And the seconds a monitor pass starts new batches for.
    article_cpu_budget: float = Field(default=20.0, gt=0)
    pass_budget: float = Field(default=1800.0, gt=0)
    # The first sight of a feed is a baseline: what it already holds is stored and told in one
    # summary ("summary"), or alerted one by one ("each") except events dated more than
    # `first_run_horizon` days ago (0: no horizon), which go into the summary.
    first_run: Literal["summary", "each"] = "summary"
    first_run_horizon: int = Field(default=30, ge=0)
    web: WebConfig = Field(default_factory=WebConfig)

    @field_validator("alerts")
    @classmethod
    def _unique_labels(cls, value: list[AlertConfig]) -> list[AlertConfig]:
        labels = [a.label for a in value]
        dup = next((x for x in labels if labels.count(x) > 1), None)
        if dup:
            raise ValueError(f"two alert channels are called {dup!r}: give each a `name`")
        return value

    @field_validator("topic")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [v.lower() for v in value if v.strip()]

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (env_settings, init_settings)


def config_path(explicit: Path | None = None) -> Path | None:
    if explicit is not None:
        return explicit
    env = os.environ.get("NEWSWATCH_CONFIG")
    if env:
        return Path(env)
    return DEFAULT_FILE if DEFAULT_FILE.exists() else None


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the environment over the TOML file over the defaults."""
    file = config_path(path)
    data: dict[str, Any] = {}
    text = ""
    if file is not None:
        try:
            text = file.read_text("utf-8")
            data = tomllib.loads(text)
        except FileNotFoundError:
            raise ConfigError(f"{file}: no such configuration file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: cannot read: {exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: {exc}") from None
    try:
        return Settings(**data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = _dotted(err["loc"])
        line = _line_of(text, err["loc"])
        where = f"{file}, line {line}" if file and line else str(file or "environment")
        raise ConfigError(f"{where}: {key}: {err['msg']}") from None


def _dotted(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(text: str, loc: tuple[Any, ...]) -> int | None:
    """The line of the key an error names: the n-th [[table]] when the path has an index."""
    if not text:
        return None
    lines = text.splitlines()
    start = 0
    if len(loc) >= 2 and isinstance(loc[1], int):
        headers = [
            i for i, line in enumerate(lines) if re.match(rf"\s*\[\[\s*{loc[0]}\s*\]\]", line)
        ]
        if loc[1] < len(headers):
            start = headers[loc[1]]
    key = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
    if key is None:
        return start + 1
    for i in range(start, len(lines)):
        if re.match(rf"\s*{re.escape(key)}\s*=", lines[i]):
            return i + 1
    return start + 1
