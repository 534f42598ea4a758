"""A staff member's walk through the site by links only (issue 13 §10, §12).

Used by the reachability and no-internal-codes tests. Which pages exist comes
from the staff URL resolver, and which of them a persona may open from the URL
× role matrix (`tests/test_url_access_matrix.py`), which itself must name every
route the resolver has: a new app's views are included without editing this.
"""

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from tests.test_url_access_matrix import EXPECTED

# Pages of the sign-in process: reached by redirects and e-mailed links, not by links on pages.
SIGN_IN_PAGES = {
    "accounts:login",
    "accounts:totp_verify",
    "accounts:totp_setup",
    "accounts:reauthenticate",
    "accounts:invitation_accept",
}


class _Page(HTMLParser):
    """Links, and the text a person sees (no script, style, or attribute values).

    Staff usernames are names people chose, not vocabulary: templates mark them
    `<bdi class="username">` (a select of colleagues `<select class="username">`),
    and `names` keeps them apart from `text`.
    """

    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.names: list[str] = []
        self._hidden = 0
        self._name = False

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag in ("bdi", "select") and "username" in (dict(attrs).get("class") or "").split():
            self._name = True
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in ("bdi", "select"):
            self._name = False

    def handle_data(self, data):
        if not self._hidden and data.strip():
            (self.names if self._name else self.text).append(data.strip())


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def url_name(path: str) -> str | None:
    try:
        match = resolve(path, urlconf=settings.STAFF_URLCONF)
    except Resolver404:
        return None
    return match.view_name


def pages_allowed(persona: str) -> set[str]:
    """URL names this persona may open with a GET (status 200 in the matrix), sign-in pages apart."""
    return {name for name, (_, _, statuses) in EXPECTED.items() if statuses[persona] == 200} - SIGN_IN_PAGES


def prepare_objects(world) -> None:
    """Create the objects the matrix's object views are about (encounter, package, override, …),
    and a sealed migration note, whose page is linked only when there is one."""
    from safereport.cases import receipts
    from safereport.cases.models import Case
    from safereport.consent import services

    for build_path, _, _ in EXPECTED.values():
        build_path(world)
    code = "4821093755126604"
    case = world.cases["assigned"]
    Case.objects.filter(pk=case.pk).update(receipt_lookup=receipts.receipt_lookup_hash(code))
    case.refresh_from_db()
    services.compartment_record(case=case, typed_code=code, text="a note the person sealed")


def crawl(client, *, start: str = "/staff/", within: str | None = None, limit: int = 600, per_view: int = 3):
    """Follow links from the start page, GET only, staying under `within` (default: the
    start page's first path segment); yields (path, staff url name or None, response).

    At most `per_view` pages of one staff view are opened: a list of 2,000 texts
    to review, or its pages 1…80, is the same template over other rows, and
    following every row would spend the limit on one view.
    """
    within = within or "/" + start.strip("/").split("/")[0] + "/"
    seen = {start}
    opened_per_view: Counter[str] = Counter()
    queue = deque([start])
    while queue and len(seen) <= limit:
        path = queue.popleft()
        response = client.get(path)
        yield path, url_name(urlsplit(path).path), response
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        for href in parse(response.content.decode()).links:
            target = urldefrag(urljoin(path, href)).url
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or (parts.netloc and parts.netloc != "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local.startswith(within) and local not in seen:
                seen.add(local)
                view = url_name(parts.path)
                if view is not None:
                    opened_per_view[view] += 1
                    if opened_per_view[view] > per_view:
                        continue
                queue.append(local)
