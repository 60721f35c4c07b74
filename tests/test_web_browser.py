"""The review page in a real browser (Debian's Chromium through Playwright), against a live uvicorn server.

Seeded through the Store with the fake word detector, so no model is needed. Screenshots go to
test-artifacts/; with HATESCOPE_DOCS_SCREENSHOT=1 the item view is also written to
docs/img/review-item.png (scripts/screenshot-review-page.sh).
"""

from __future__ import annotations

import os
import shutil

import pytest

from hatescope.api import ApiConfig, create_app
from hatescope.store import Store
from tests.browser_util import ARTIFACTS, ROOT, chromium_page, require_browser, serve
from tests.fakes import fake_engine

pytestmark = pytest.mark.browser

WORDS = {"vermin": ("dehumanization", 0.9), "pests": ("dehumanization", 0.6), "idiots": ("insult", 0.7),
         "burn": ("incitement", 0.8)}
ARTICLE = (
    'Council meeting, Tuesday. The mayor read out a post that said "those people are vermin and we should burn '
    'their shops" and called it disgraceful.\n\n'
    "Our columnist disagrees with the mayor: the new arrivals are pests, and the council members are idiots. "
    "<script>alert(1)</script>"
)


@pytest.fixture()
def live(tmp_path):
    require_browser()
    store = Store.open(f"sqlite:///{tmp_path}/browser.db")
    engine = fake_engine(WORDS)
    store.ingest(source="forum", external_id="p1", text='they are pests "><img src=x onerror=alert(2)>', engine=engine)
    article = store.ingest(source="news", external_id="a1", text=ARTICLE, kind="article", engine=engine, author="desk")
    store.ingest(source="forum", external_id="p2", text="you idiots, the pests are back", engine=engine)
    _, key = store.create_api_key("ana")
    app = create_app(ApiConfig(auth=True, key_cache_seconds=0, access_log=False), engine=engine, store=store)
    with serve(app) as base:
        yield base, store, key, article.id
    store.close()


def test_review_an_item_in_the_browser(live):
    base, store, key, article_id = live
    ARTIFACTS.mkdir(exist_ok=True)
    alerts: list[str] = []
    with chromium_page() as page:
        page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))
        page.goto(f"{base}/review/")
        assert "/review/login" in page.url
        page.get_by_label("API key").fill(key)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/review/")

        # The queue: every queued item, with filters.
        assert page.locator("table.queue tbody tr").count() == store.queue_count() >= 2
        page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)
        page.get_by_label("Source").fill("news")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_url("**source=news**")
        assert page.locator("table.queue tbody tr").count() == 1

        # The item: highlighted evidence coloured by label; the injected script is text, not code.
        page.get_by_role("link", name=f"#{article_id}").click()
        page.wait_for_url(f"{base}/review/items/{article_id}")
        marks = page.locator("#analysed-text mark")
        assert marks.count() >= 4
        assert set(marks.all_inner_texts()) >= {"vermin", "burn", "pests", "idiots"}
        assert page.locator("#analysed-text mark.hl-incitement").count() >= 1
        assert "<script>alert(1)</script>" in page.locator("#analysed-text").inner_text()
        assert page.get_by_role("heading", name="Voices").is_visible()
        page.screenshot(path=str(ARTIFACTS / "review-item.png"), full_page=True)
        if os.environ.get("HATESCOPE_DOCS_SCREENSHOT") == "1":
            (ROOT / "docs" / "img").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ROOT / "docs" / "img" / "review-item.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": 1280, "height": 1480})

        # Every visible form control has a label, and keyboard focus is visible.
        unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.name)""")
        assert unlabelled == []
        page.keyboard.press("Tab")
        focused = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); "
                                "return [document.activeElement.textContent, s.outlineStyle, s.outlineWidth]; })()")
        assert focused[0] == "Skip to main content" and focused[1] == "solid" and focused[2] == "3px"

        # Overturn with the keyboard: o, type the reason, Ctrl+Enter.
        before = len(store.audit(article_id))
        page.locator("h1").click()
        page.keyboard.press("o")
        assert page.evaluate("document.activeElement.id") == "reason"
        page.keyboard.type("the columnist names no group; an insult at most")
        page.keyboard.press("Control+Enter")
        page.wait_for_url(f"{base}/review/items/{article_id}?reviewed=1")
        assert page.get_by_role("status").inner_text().startswith("Review saved")
        assert page.locator("#review-status").inner_text() == "reviewed"
        assert "the columnist names no group; an insult at most" in page.locator("#audit").inner_text()
        page.screenshot(path=str(ARTIFACTS / "review-item-after-overturn.png"), full_page=True)

        # q goes back to the queue, which no longer holds the reviewed item.
        page.keyboard.press("q")
        page.wait_for_url(f"{base}/review/")
        assert page.get_by_role("link", name=f"#{article_id}").count() == 0

        # The paste box analyses without storing.
        page.get_by_role("link", name="Analyse a text").click()
        page.get_by_label("Text").fill("you idiots")
        page.get_by_role("button", name="Analyse").click()
        assert page.locator("#result #analysed-text mark.hl-insult").inner_text() == "idiots"
        page.screenshot(path=str(ARTIFACTS / "review-paste-box.png"), full_page=True)
        outside = list(page.outside_requests)

    events = store.audit(article_id)
    assert len(events) > before
    review = [e for e in events if e.event == "review"][-1]
    assert review.actor == "ana" and review.details["decision"] == "overturn"
    assert store.get_item(article_id).review_status == "reviewed"
    assert alerts == [], "injected script ran"
    assert outside == [], f"the page asked for other hosts: {outside}"
    assert shutil.disk_usage(ARTIFACTS)  # screenshots are written
    assert (ARTIFACTS / "review-item.png").stat().st_size > 10_000


def test_a_review_typed_while_the_session_ends_is_not_lost(live):
    base, store, key, article_id = live
    reason = "typed while the session ended"

    def sign_in(page):
        page.get_by_label("API key").fill(key)
        page.get_by_role("button", name="Sign in").click()

    with chromium_page() as page:
        page.goto(f"{base}/review/items/{article_id}")
        sign_in(page)
        page.wait_for_url(f"{base}/review/items/{article_id}")
        page.locator("#reason").fill(reason)
        page.context.clear_cookies()  # the session ends before the review is sent
        page.locator("#btn-overturn").click()
        page.wait_for_url(f"{base}/review/login?next=*")
        sign_in(page)
        page.wait_for_url(f"{base}/review/items/{article_id}")
        assert page.locator("#reason").input_value() == reason
        assert page.locator("#draft-restored").is_visible() and store.reviews(article_id) == []
        page.locator("#reason").press("Control+Enter")  # the decision chosen before is remembered
        page.wait_for_url(f"{base}/review/items/{article_id}?reviewed=1")
        saved = store.reviews(article_id)[-1]
        assert (saved.decision, saved.reason, saved.reviewer) == ("overturn", reason, "ana")

        # The tab keeps its own copy too: a reload (or a server restart) brings back what was typed.
        other = next(e.item_id for e in store.queue(limit=10) if e.item_id != article_id)
        page.goto(f"{base}/review/items/{other}")
        page.locator("#reason").fill("half a thought")
        page.reload()
        assert page.locator("#reason").input_value() == "half a thought"
