"""newswatch.config: env vars over the TOML file over defaults; one clear error for a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.config import ConfigError, load_settings


def test_defaults_have_real_feeds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("NEWSWATCH_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert len(settings.feeds) >= 5 and all(
        str(f.url).startswith("https://") for f in settings.feeds
    )
    assert "scam" in settings.topic


def test_file_then_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "nw.toml"
    path.write_text(
        'topic = ["POGO"]\n[http]\nper_host_delay = 0.5\n[[feeds]]\nname = "A"\nurl = "https://a.test/feed"\n'
    )
    monkeypatch.setenv("NEWSWATCH_CONFIG", str(path))
    monkeypatch.setenv("NEWSWATCH_HTTP__PER_HOST_DELAY", "3")
    settings = load_settings()
    assert [f.name for f in settings.feeds] == ["A"]
    assert settings.topic == ["pogo"]
    assert settings.http.per_host_delay == 3.0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '[[feeds]]\nname = "A"\nurl = "https://a.test"\n\n[[feeds]]\nname = "B"\nurl = "nope"\n',
            "line 7: feeds[1].url",
        ),
        ('topic = ["scam"\n', "nw.toml"),
        ("unknown_key = 1\n", "line 1: unknown_key"),
        ("[http]\nretries = -1\n", "line 2: http.retries"),
    ],
)
def test_bad_file_one_clear_error(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "nw.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert expected in str(err.value) and str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_settings(tmp_path / "missing.toml")


def test_example_file_is_valid() -> None:
    example = Path(__file__).resolve().parent.parent / "newswatch.toml.example"
    settings = load_settings(example)
    assert settings.http.per_host_delay == 1.0 and len(settings.feeds) == 3


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://reader:hunter2@news.test/feed", "https://reader:***@news.test/feed"),
        ("https://news.test/feed?token=abc123&lang=en", "https://news.test/feed?token=***&lang=en"),
        ("https://news.test/feed?api_key=${NW_KEY}", "https://news.test/feed?api_key=${NW_KEY}"),
        (
            "https://news.test/rss?q=scam+raid&hl=en-US",
            "https://news.test/rss?q=scam+raid&hl=en-US",
        ),
    ],
)
def test_a_feed_is_shown_without_its_secrets(url: str, shown: str) -> None:
    from newswatch.config import redact

    assert redact(url) == shown


@pytest.mark.parametrize(
    "line",
    ["[http]\nper_host_delay = inf", "[http]\ntotal_timeout = nan", "article_retry_delay = -inf"],
)
def test_numbers_must_be_finite(tmp_path: Path, line: str) -> None:
    cfg = tmp_path / "newswatch.toml"
    cfg.write_text(line + "\n")
    with pytest.raises(ConfigError, match="finite"):
        load_settings(cfg)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("[http]\nretries = 1e11", "http.retries"),
        ("[http]\ntotal_timeout = 1e9", "http.total_timeout"),
    ],
)
def test_numbers_must_be_in_a_sane_range(tmp_path: Path, line: str, key: str) -> None:
    cfg = tmp_path / "newswatch.toml"
    cfg.write_text(line + "\n")
    with pytest.raises(ConfigError, match=key):
        load_settings(cfg)
