"""On-topic article pages for the benchmarks: the dev set's articles rendered as news pages.

A monitor filtered by topic reads pages like these: one article with one to five figures, inside
a site's chrome (navigation, a sidebar of other headlines, a footer, scripts and styles). Each
article's header (url, title, published, outlet) goes where a news site puts it: <title>, <h1>,
the canonical link and the publication meta tags. The chrome is the same on every page and
holds no figure, so what the pipeline reads is the article.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from newswatch.evaluation import strip_header

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "dev"

_NAV = "".join(
    f'<li><a href="/section/{s.lower()}">{s}</a></li>'
    for s in ("Home News Politics Business Region World Opinion Sport Lifestyle Travel Tech "
              "Science Health Education Culture Video Podcasts Newsletters About Contact").split()
)  # fmt: skip
_SIDEBAR = "".join(
    f'<li><a href="/news/other-{i}"><h3>{title}</h3></a><p>{teaser}</p></li>'
    for i, (title, teaser) in enumerate(
        [
            ("Rice exports rise for a third month", "Traders expect prices to hold."),
            ("New bridge opens to traffic", "The crossing cuts the journey by an hour."),
            ("Festival draws record crowds", "Organisers thanked volunteers."),
            ("Heat wave expected this week", "Forecasters advise people to stay indoors."),
            ("Central bank keeps rates steady", "Inflation eased in the last quarter."),
            ("University opens new campus", "Enrolment begins next month."),
            ("Football club signs young striker", "The fee was not disclosed."),
            ("Airline adds direct flights", "Three routes start in spring."),
        ]
    )
)
_FOOTER = (
    "<footer><p>© 2026 Example News Group. All rights reserved.</p><ul>"
    + "".join(
        f'<li><a href="/{p}">{p.title()}</a></li>'
        for p in ("privacy", "terms", "advertise", "careers", "contact", "sitemap")
    )
    + "</ul></footer>"
)
_SCRIPT = (
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-EXAMPLE');</script>"
)
_STYLE = "<style>" + "".join(f".c{i}{{margin:{i}px;padding:{i}px}}" for i in range(60)) + "</style>"


def render(meta: dict[str, str], body: str) -> bytes:
    """One news page holding the article: its paragraphs under its headline."""
    e = html.escape
    title = meta.get("title", "")
    paragraphs = "".join(f"<p>{e(p.strip())}</p>" for p in body.split("\n") if p.strip())
    published = meta.get("published", "")
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": title, "datePublished": published})  # fmt: skip
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(title)} | {e(meta.get("outlet", "News"))}</title>
<link rel="canonical" href="{e(meta.get("url", ""))}">
<meta property="og:title" content="{e(title)}">
<meta property="og:site_name" content="{e(meta.get("outlet", ""))}">
<meta property="article:published_time" content="{e(published)}">
<script type="application/ld+json">{ld}</script>
{_STYLE}{_SCRIPT}
</head><body>
<header><a href="/" class="logo">Example News</a><nav><ul>{_NAV}</ul></nav></header>
<main><article><h1>{e(title)}</h1>
<div class="byline">By Staff Reporter · <time datetime="{e(published)}">{e(published)}</time></div>
<div class="article-body">{paragraphs}</div>
<div class="tags"><a href="/tag/crime">Crime</a> <a href="/tag/region">Region</a></div>
</article>
<aside><h2>Most read</h2><ul>{_SIDEBAR}</ul></aside></main>
{_FOOTER}
</body></html>"""
    return page.encode()


def dev_pages() -> list[tuple[str, str, bytes]]:
    """(stem, url, page) for every article of ../shared/dev, in file order."""
    out = []
    for path in sorted((DEV / "articles").glob("*.txt")):
        meta, body = strip_header(path.read_text("utf8"))
        out.append((path.stem, meta.get("url", ""), render(meta, body)))
    return out


def in_site_chrome(page: bytes, meta: dict[str, str], body: str) -> bytes | None:
    """The article placed in a real news page from ../shared/corpus: its paragraphs replace
    the page's own (those of the element holding most paragraphs), its title and date replace
    the page's. None when the page has no paragraphs to replace."""
    import lxml.html  # noqa: PLC0415

    from newswatch.ingest.clean import decode_html  # noqa: PLC0415

    tree = lxml.html.fromstring(decode_html(page))
    parents: dict[Any, int] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None:
            parents[parent] = parents.get(parent, 0) + 1
    if not parents:
        return None
    holder = max(parents, key=lambda el: parents[el])
    old = [p for p in holder if p.tag == "p"]
    at = holder.index(old[0])
    for p in old:
        holder.remove(p)
    for k, text in enumerate(line.strip() for line in body.split("\n") if line.strip()):
        p = lxml.html.Element("p")
        p.text = text
        holder.insert(at + k, p)
    title = meta.get("title", "")
    for el in tree.iter("title", "h1"):
        el.text = title
        for child in list(el):
            el.remove(child)
    for m in tree.iter("meta"):
        prop = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower()
        if "title" in prop:
            m.set("content", title)
        elif "date" in prop or "time" in prop:
            m.set("content", meta.get("published", ""))
    for ld in tree.xpath('//script[@type="application/ld+json"]'):
        ld.getparent().remove(ld)  # its own headline and dates would contradict the article's
    for link in tree.xpath('//link[@rel="canonical"]'):
        link.set("href", meta.get("url", ""))
    head = tree.find("head")
    if head is not None:
        stamp = lxml.html.Element("meta", property="article:published_time")
        stamp.set("content", meta.get("published", ""))
        head.insert(0, stamp)
    return bytes(lxml.html.tostring(tree, encoding="utf-8", doctype="<!DOCTYPE html>"))


def dev_pages_in_sites() -> list[tuple[str, str, bytes]]:
    """(stem, url, page) for every dev article, each inside the chrome of a corpus page."""
    from benchmarks.corpus import pages  # noqa: PLC0415

    sites = [html for _key, _url, html, _gold in pages()]
    out = []
    for k, path in enumerate(sorted((DEV / "articles").glob("*.txt"))):
        meta, body = strip_header(path.read_text("utf8"))
        for j in range(len(sites)):
            page = in_site_chrome(sites[(k + j) % len(sites)], meta, body)
            if page is not None:
                out.append((path.stem, meta.get("url", ""), page))
                break
    return out
