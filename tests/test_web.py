"""The reviewer's web page, through FastAPI's TestClient: queue, item view, review form, login, paste box."""

from __future__ import annotations

import dataclasses
import re

import pytest
from fastapi.testclient import TestClient

from hatescope.api import ApiConfig, create_app
from hatescope.store import Store
from hatescope.types import Finding
from hatescope.web.highlight import highlight, score_bars
from hatescope.web.pages import safe_next
from hatescope.web.session import COOKIE_NAME, SessionCodec, csrf_ok
from tests.fakes import fake_engine

WORDS = {"vermin": ("dehumanization", 0.9), "pests": ("dehumanization", 0.6), "idiots": ("insult", 0.7)}
INJECTED = '<script>alert(1)</script> they are pests "><img src=x onerror=alert(2)>'


def make_web(tmp_path, *, auth: bool = False):
    store = Store.open(f"sqlite:///{tmp_path}/web.db")
    engine = fake_engine(WORDS)
    app = create_app(ApiConfig(auth=auth, key_cache_seconds=0, access_log=False), engine=engine, store=store)
    return TestClient(app, raise_server_exceptions=True), store, engine


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def with_target(engine, text: str, target: str):
    """An analysis whose flagged finding names a target group (the fake detector names none)."""
    a = engine.analyze(text)
    findings = tuple(dataclasses.replace(f, target=target) for f in a.findings)
    context = {**a.context, "flagged": {**a.context.get("flagged", {}), "targets": [target]}}
    return dataclasses.replace(a, findings=findings, context=context)


# ------------------------------------------------------------------ highlighting (pure)
def _f(label: str, start: int, end: int, score: float = 0.5, stance: str = "endorse") -> Finding:
    return Finding(label=label, start=start, end=end, text="", score=score, detector="t", stance=stance)


@pytest.mark.parametrize(
    "text, findings, expected",
    [
        ("no findings <b>", [], "no findings &lt;b&gt;"),
        ("a bad word", [_f("insult", 2, 5)], 'a <mark class="hl hl-insult" title="insult 0.50, stance endorse" '
                                              'data-findings="finding-0">bad</mark> word'),
        # Out-of-range and empty spans are clamped or skipped, never an IndexError.
        ("abc", [_f("hate", 2, 99), _f("hate", 1, 1)], 'ab<mark class="hl hl-hate" title="hate 0.50, stance endorse" '
                                                       'data-findings="finding-0">c</mark>'),
    ],
)
def test_highlight_table(text, findings, expected):
    assert str(highlight(text, findings)) == expected


def test_highlight_nested_and_overlapping_spans_cover_every_character_once():
    text = "<i>vile & vermin</i>"
    findings = [_f("hate", 3, 16, 0.4), _f("dehumanization", 10, 16, 0.9), _f("unknown\"label", 5, 12, 0.95, stance="quote")]
    html = str(highlight(text, findings))
    # Stripping the marks gives back the escaped original exactly: nothing lost, nothing doubled.
    assert re.sub(r"</?mark[^>]*>", "", html) == "&lt;i&gt;vile &amp; vermin&lt;/i&gt;"
    assert 'class="hl hl-dehumanization hl-multi"' in html  # strongest label wins the colour where they overlap
    assert 'data-findings="finding-0 finding-1 finding-2"' in html
    assert "hl-other" in html and 'unknown"label' not in html  # an unknown label never becomes markup
    assert html.count("<mark") == html.count("</mark>")


def test_score_bars_follow_the_contract_order_and_clamp():
    bars = score_bars({"insult": 1.7, "hate": 0.25, "zzz": 0.1})
    assert [b.label for b in bars] == ["hate", "insult", "zzz"]
    assert [b.percent for b in bars] == [25.0, 100.0, 10.0] and bars[2].css == "hl-other"


# ------------------------------------------------------------------ sessions
def test_session_cookie_is_signed_and_expires():
    codec = SessionCodec(secret=b"k" * 32, max_age=60)
    cookie = codec.dumps({"csrf": "t", "key_id": "abc"})
    assert codec.loads(cookie)["key_id"] == "abc"
    payload, sig = cookie.split(".")
    assert codec.loads(payload + "." + sig[::-1]) is None
    assert SessionCodec(secret=b"x" * 32).loads(cookie) is None
    assert codec.loads(codec.dumps({"csrf": "t", "exp": 1})) is None
    assert codec.loads("garbage") is None and codec.loads(None) is None
    assert csrf_ok({"csrf": "t"}, "t") and not csrf_ok({"csrf": "t"}, "u") and not csrf_ok({"csrf": "t"}, "")


@pytest.mark.parametrize(
    "target, expected",
    [("/review/items/3", "/review/items/3"), ("https://evil.example/", "/review/"), ("//evil.example", "/review/"),
     ("/review/\\evil", "/review/"), (None, "/review/"), ("/v1/queue", "/review/")],
)
def test_login_redirects_only_back_into_the_review_page(target, expected):
    assert safe_next(target) == expected


# ------------------------------------------------------------------ pages
def test_queue_filters_and_pages(tmp_path):
    client, store, engine = make_web(tmp_path)
    for i in range(3):
        store.ingest(source="forum", external_id=f"f{i}", text=f"they are pests {i}", engine=engine)
    store.ingest(source="news", external_id="n1", text="immigrants are pests",
                 analysis=with_target(engine, "immigrants are pests", "migrants"))
    store.ingest(source="forum", external_id="calm", text="a lovely harbour", engine=engine)

    r = client.get("/review/")
    assert r.status_code == 200 and "4 items waiting" in r.text
    assert "they are pests 0" in r.text and "lovely harbour" not in r.text
    assert "1 item waiting" in client.get("/review/?source=news").text
    assert "1 item waiting" in client.get("/review/?target=migrants").text
    assert "4 items waiting" in client.get("/review/?action=review&label=dehumanization").text
    assert "No items waiting for review with these filters" in client.get("/review/?label=insult").text
    page1 = client.get("/review/?limit=3").text
    assert "Showing 1–3 of 4" in page1 and 'rel="next"' in page1 and 'rel="prev"' not in page1
    page2 = client.get("/review/?limit=3&offset=3").text
    assert "Showing 4–4 of 4" in page2 and 'rel="prev"' in page2 and "immigrants are pests" in page2
    # Garbage in the query string gives the default page, not an error.
    assert client.get("/review/?limit=abc&offset=-5&action=nuke").status_code == 200


def test_item_page_escapes_injected_html_everywhere(tmp_path):
    client, store, engine = make_web(tmp_path)
    item = store.ingest(source='src"><script>x()</script>', external_id="1", text=INJECTED, engine=engine,
                        author="<b>bold</b>")
    for url in (f"/review/items/{item.id}", "/review/"):
        html = client.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
        assert "<script>x()" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = client.get(f"/review/items/{item.id}").text
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert '<mark class="hl hl-dehumanization"' in html and ">pests</mark>" in html
    # The only scripts are the page's own file.
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/review/static/web.js" defer>']


def test_item_page_shows_voices_scores_reasons_and_audit(tmp_path):
    client, store, engine = make_web(tmp_path)
    text = 'The mayor said "they are vermin" and the critics are idiots.'
    item = store.ingest(source="news", external_id="a1", text=text, kind="article", engine=engine)
    html = client.get(f"/review/items/{item.id}").text
    assert "Voices" in html and "The mayor" in html and "quote" in html
    assert 'class="bar-fill hl-insult" x="0" y="0" width="70.0"' in html
    assert "Policy reasons" in html and "idiots" in html
    assert "Audit trail" in html and "ingest" in html
    assert "hl-not-author" in html  # the quoted slur is not in the author's voice
    for bad in ("999", "0", "abc", "99999999999999999999999", "%F0%9F%98%80"):
        r = client.get(f"/review/items/{bad}")
        assert r.status_code == 404 and "HS404" in r.text and r.headers["content-type"].startswith("text/html"), bad


def test_overturn_with_reason_is_audited(tmp_path):
    client, store, engine = make_web(tmp_path)
    item = store.ingest(source="forum", external_id="1", text="they are pests", engine=engine)
    page = client.get(f"/review/items/{item.id}").text
    token = csrf_of(page)
    before = len(store.audit(item.id))
    url = f"/review/items/{item.id}/review"

    r = client.post(url, data={"decision": "overturn", "reason": "about insects"}, follow_redirects=False)
    assert r.status_code == 403 and len(store.audit(item.id)) == before  # no CSRF token: nothing happens
    r = client.post(url, data={"decision": "overturn", "reason": "  ", "csrf": token})
    assert r.status_code == 400 and "A review needs a reason" in r.text and len(store.audit(item.id)) == before

    r = client.post(url, data={"decision": "overturn", "reason": "about insects <i>", "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/review/items/{item.id}?reviewed=1"
    events = store.audit(item.id)
    assert len(events) > before
    review = [e for e in events if e.event == "review"][-1]
    assert review.actor == "local" and review.details["decision"] == "overturn" and review.details["reason"] == "about insects <i>"
    assert store.get_item(item.id).review_status == "reviewed" and store.queue_count() == 0
    html = client.get(r.headers["location"]).text
    assert "Review saved" in html and "about insects &lt;i&gt;" in html and "<i>" not in html.split("Audit trail")[1]


def test_paste_box_analyses_without_storing_unless_asked(tmp_path):
    client, store, _ = make_web(tmp_path)
    token = csrf_of(client.get("/review/analyze").text)
    r = client.post("/review/analyze", data={"text": INJECTED, "kind": "post", "csrf": token})
    assert r.status_code == 200 and ">pests</mark>" in r.text and "<script>alert" not in r.text
    assert store.queue_count() == 0 and "Stored as" not in r.text
    r = client.post("/review/analyze", data={"text": "they are pests", "kind": "post", "store": "on", "source": "paste", "csrf": token})
    assert "Stored as" in r.text and store.queue_count(source="paste") == 1
    r = client.post("/review/analyze", data={"text": "", "kind": "post", "csrf": token})
    assert r.status_code == 400 and "HS1" in r.text
    assert client.post("/review/analyze", data={"text": "x", "csrf": "wrong"}).status_code == 403


def test_login_with_an_api_key(tmp_path):
    client, store, engine = make_web(tmp_path, auth=True)
    item = store.ingest(source="forum", external_id="1", text="they are pests", engine=engine)
    key_id, key = store.create_api_key("moderator-7")

    r = client.get(f"/review/items/{item.id}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/review/login?next=%2Freview%2Fitems%2F")
    login = client.get(r.headers["location"])
    token = csrf_of(login.text)
    bad = client.post("/review/login", data={"key": "hs_nope", "csrf": token, "next": f"/review/items/{item.id}"})
    assert bad.status_code == 401 and "not valid" in bad.text
    r = client.post("/review/login", data={"key": key, "csrf": token, "next": f"/review/items/{item.id}"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/review/items/{item.id}"
    cookie = r.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and key not in cookie
    page = client.get(f"/review/items/{item.id}")
    assert "Signed in as <strong>moderator-7</strong>" in page.text
    new_token = csrf_of(page.text)
    assert new_token != token  # a fresh session on login
    r = client.post(f"/review/items/{item.id}/review", data={"decision": "confirm", "reason": "dehumanising", "csrf": new_token},
                    follow_redirects=False)
    assert r.status_code == 303 and store.reviews(item.id)[-1].reviewer == "moderator-7"

    store.revoke_api_key(key_id)  # revoking the key ends its sessions
    assert client.get("/review/", follow_redirects=False).status_code == 303
    client.cookies.set(COOKIE_NAME, "forged.value", path="/review")
    assert client.get("/review/", follow_redirects=False).status_code == 303


def test_security_headers_static_files_and_openapi(tmp_path):
    client, _, _ = make_web(tmp_path)
    r = client.get("/review/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/review/static/web.css").headers["content-type"].startswith("text/css")
    assert client.get("/review/static/web.js").status_code == 200
    assert client.get("/review/static/..%2F__init__.py").status_code == 404
    assert client.get("/", follow_redirects=False).headers["location"] == "/review/"
    assert not [p for p in client.get("/openapi.json").json()["paths"] if p.startswith("/review") or p == "/"]
    # No page or asset refers to another host.
    for path in ("/review/", "/review/analyze", "/review/static/web.css", "/review/static/web.js"):
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", client.get(path).text, re.I), path


def test_without_a_store_the_paste_box_still_works():
    app = create_app(ApiConfig(auth=False, access_log=False), engine=fake_engine(WORDS))
    client = TestClient(app)
    assert client.get("/review/").status_code == 503
    token = csrf_of(client.get("/review/analyze").text)
    r = client.post("/review/analyze", data={"text": "you idiots", "kind": "post", "csrf": token})
    assert r.status_code == 200 and ">idiots</mark>" in r.text


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_highlight_and_action_colours_meet_wcag_aa_contrast():
    from hatescope.web.pages import STATIC

    css = (STATIC / "web.css").read_text()
    highlights = re.findall(r"^\.hl-([a-z_]+) \{ background: (#[0-9a-f]{6});", css, re.M)
    assert {name for name, _ in highlights} >= {"hate", "dehumanization", "insult", "other"}
    for name, background in highlights:
        assert _contrast("#111111", background) >= 7.0, name  # evidence text stays readable (AAA)
    actions = re.findall(r"^\.action-([a-z]+) \{ color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6});", css, re.M)
    assert len(actions) == 4
    for name, fg, bg in actions:
        assert _contrast(fg, bg) >= 4.5, name


# ------------------------------------------------------------------ a session that ends while the reviewer types
def _signed_in(client, store, item_id):
    _, key = store.create_api_key("moderator-7")
    token = csrf_of(client.get("/review/login").text)
    client.post("/review/login", data={"key": key, "csrf": token, "next": f"/review/items/{item_id}"})
    return key, csrf_of(client.get(f"/review/items/{item_id}").text)


def test_a_review_sent_after_the_session_expired_is_kept_through_the_login(tmp_path):
    import time

    client, store, engine = make_web(tmp_path, auth=True)
    item = store.ingest(source="forum", external_id="1", text="they are pests", engine=engine)
    other = store.ingest(source="forum", external_id="2", text="you idiots", engine=engine)
    key, old_csrf = _signed_in(client, store, item.id)
    # The session expires while the reviewer types: the browser still sends the old cookie, now past its time.
    codec = client.app.state.web.codec
    expired = codec.loads(client.cookies.get(COOKIE_NAME))
    expired["exp"] = int(time.time()) - 1
    client.cookies.clear()
    client.cookies.set(COOKIE_NAME, codec.dumps(expired), path="/review")

    reason = "names <b>insects</b>, not people — ünïcode kept"
    url = f"/review/items/{item.id}/review"
    r = client.post(url, data={"decision": "overturn", "reason": reason, "action": "allow", "csrf": old_csrf},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/review/login?next=%2Freview%2Fitems%2F{item.id}"
    assert store.reviews(item.id) == []  # nothing saved without a session
    login = client.get(r.headers["location"])
    assert login.status_code == 200 and f'name="next" value="/review/items/{item.id}"' in login.text

    r = client.post("/review/login", data={"key": key, "csrf": csrf_of(login.text), "next": f"/review/items/{item.id}"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/review/items/{item.id}"  # the item, not the POST URL
    # Another item's page does not show the draft, and does not use it up.
    elsewhere = client.get(f"/review/items/{other.id}")
    assert elsewhere.status_code == 200 and "signed out before" not in elsewhere.text
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "You were signed out before this review was saved" in page.text
    assert ">names &lt;b&gt;insects&lt;/b&gt;, not people — ünïcode kept</textarea>" in page.text
    assert 'data-chosen="overturn"' in page.text and '<option value="allow" selected>' in page.text
    assert store.reviews(item.id) == []  # shown again, not saved: the reviewer submits it

    r = client.post(url, data={"decision": "overturn", "reason": reason, "action": "allow", "csrf": csrf_of(page.text)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/review/items/{item.id}?reviewed=1"
    saved = store.reviews(item.id)[-1]
    assert (saved.reviewer, saved.decision, saved.reason, saved.action) == ("moderator-7", "overturn", reason, "allow")
    assert "signed out before" not in client.get(f"/review/items/{item.id}").text  # restored once


def test_following_the_redirects_of_a_signed_out_review_ends_on_the_login_page_not_a_405(tmp_path):
    client, store, engine = make_web(tmp_path, auth=True)
    item = store.ingest(source="forum", external_id="1", text="they are pests", engine=engine)
    r = client.post(f"/review/items/{item.id}/review", data={"decision": "confirm", "reason": "typed", "csrf": "x"})
    assert r.status_code == 200 and r.url.path == "/review/login" and "Sign in" in r.text


def test_a_stale_csrf_token_shows_the_typed_review_again_and_saves_nothing(tmp_path):
    client, store, engine = make_web(tmp_path, auth=True)
    item = store.ingest(source="forum", external_id="1", text="they are pests", engine=engine)
    _signed_in(client, store, item.id)
    r = client.post(f"/review/items/{item.id}/review",
                    data={"decision": "confirm", "reason": "typed in an old tab", "csrf": "stale"}, follow_redirects=False)
    assert r.status_code == 403 and "nothing was saved" in r.text and ">typed in an old tab</textarea>" in r.text
    assert store.reviews(item.id) == []
    r = client.post(f"/review/items/{item.id}/review",
                    data={"decision": "confirm", "reason": "typed in an old tab", "csrf": csrf_of(r.text)}, follow_redirects=False)
    assert r.status_code == 303 and store.reviews(item.id)[-1].reason == "typed in an old tab"
