"""Every page title is unique per object and view: two pages with different content never share a title
(a filtered, paged or month view says so in its title); and every radio and checkbox group on every page
has a fieldset legend. Walks every GET page of each demo login and the links on them (one step), over the
demo data."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from tests.fuzz.conftest import signed_in
from tests.polish.crawl import NOT_PAGES, Page, page_urls, pages
from tests.polish.test_forms import ROLES, groups_without_a_question

LINKS_PER_ROLE = 160
FRESH = re.compile(r"[?&]fresh=1(?=&|$)")
ID = re.compile(r'<[a-zA-Z][^>]*\sid="([^"]+)"')
HREF = re.compile(r'href="(/[^"#]*)"')
VOLATILE = re.compile(r'name="csrf_token"[^>]*>|value="[^"]{40,}"|calculated [^<]*|generated [^<]*')


def _skipped(url: str) -> bool:
    path = url.split("?")[0]
    return bool(NOT_PAGES.search(path))


def _content(html: str) -> str:
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return VOLATILE.sub("", main)


@pytest.mark.parametrize("email", ROLES)
def test_every_page_title_names_its_object_and_view_and_every_group_its_question(fuzz_app, email):
    client = signed_in(fuzz_app, email)
    start = page_urls(fuzz_app, ROLES[email])
    seen: dict[str, tuple[str, str]] = {}
    queue, followed = [*start, "/scheduling/duties/new", "/scheduling/shifts/new"], 0
    no_legend: dict[str, list[str]] = {}
    repeated_ids: dict[str, list[str]] = {}
    while queue:
        # ?fresh=1 recalculates the same view of the dashboard: not a view of its own.
        url = re.sub(r"[?&]fresh=1(?=&|$)", "", queue.pop(0).replace("&amp;", "&")).replace(
            "dashboard/&", "dashboard/?"
        )
        if url in seen or NOT_PAGES.search(url.split("?")[0]):
            continue
        for _url, html in pages(client, [url]):
            if problems := groups_without_a_question(html):
                no_legend[url] = problems
            if _skipped(url):  # its legends are checked, its title and ids are another change's
                seen[url] = ("", "")
                continue
            ids = Counter(ID.findall(html))
            if repeated := sorted(i for i, n in ids.items() if n > 1):
                repeated_ids[url] = repeated
            seen[url] = (" ".join(Page(html).title.split()), _content(html))
            if followed < LINKS_PER_ROLE:
                links = [h for h in HREF.findall(html) if h.replace("&amp;", "&") not in seen]
                followed += len(links)
                queue.extend(links)
    by_title: dict[str, dict[str, str]] = defaultdict(dict)
    for url, (title, content) in seen.items():
        if title:
            by_title[title].setdefault(content, url)
    shared = {title: sorted(views.values())[:4] for title, views in by_title.items() if len(views) > 1}
    assert len(seen) > 10
    assert not no_legend, f"radio or checkbox groups with no fieldset legend: {no_legend}"
    assert not repeated_ids, f"ids used twice on one page: {repeated_ids}"
    assert not shared, f"{len(shared)} titles name more than one page:\n" + "\n".join(
        f"{title!r}: {urls}" for title, urls in shared.items()
    )
