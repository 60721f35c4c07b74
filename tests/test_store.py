"""The Store, run against SQLite and a real PostgreSQL (``db_url`` is parametrised; see db_fixtures)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import create_engine, text

from hatescope.errors import Conflict, InputError, NotFound, StoreError
from hatescope.store import AuditEvent, ItemRecord, QueueEntry, ReviewRecord, Store
from hatescope.store.ingest import text_hash
from tests.fakes import fake_engine

WORDS = {"vermin": ("dehumanization", 0.9), "pests": ("dehumanization", 0.6), "idiots": ("insult", 0.7)}


@pytest.fixture(scope="module")
def engine():
    return fake_engine(WORDS)


def _rows(url: str, sql: str) -> list[tuple]:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        eng.dispose()


def test_ingest_stores_item_analysis_decision_and_returns_plain_records(store, engine):
    item = store.ingest(source="forum", external_id="1", text="they are vermin", author="u1", engine=engine)
    assert isinstance(item, ItemRecord) and item.created
    assert dataclasses.is_dataclass(item) and item.__dataclass_params__.frozen
    assert item.analysis.action == "remove" and item.analysis.hateful
    assert item.analysis.labels == ("dehumanization",)
    assert item.analysis.policy_version == "default@2026.11.1"
    assert item.analysis.versions["test.words.v1"] == "test"
    assert item.decision.origin == "policy" and item.decision.reasons == item.analysis.reasons
    assert "labels.dehumanization.remove" in item.decision.reasons[0]
    back = item.analysis.to_analysis()
    assert back.findings[0].text == "vermin" and back.text == "they are vermin"
    json.dumps(item.to_dict())  # JSON-safe all the way down
    assert store.get_item(item.id) == dataclasses.replace(item, created=False)


def test_resubmission_returns_the_existing_record_without_reanalysing(store, engine):
    first = store.ingest(source="forum", external_id="7", text="they are vermin", engine=engine)

    class Exploding:
        def analyze(self, *a, **k):
            raise AssertionError("must not re-analyse a stored item")

    again = store.ingest(source="forum", external_id="7", text="they are vermin", engine=Exploding())
    assert again.id == first.id and not again.created
    assert store.count_items() == 1


def test_same_id_with_different_text_is_a_conflict_never_an_overwrite(store, engine):
    store.ingest(source="forum", external_id="7", text="original text", engine=engine)
    with pytest.raises(Conflict) as info:
        store.ingest(source="forum", external_id="7", text="edited text", engine=engine)
    assert info.value.code == "HS409" and info.value.http_status == 409
    assert store.find_item("forum", "7").text == "original text"


def test_missing_external_id_uses_the_text_hash(store, engine):
    a = store.ingest(source="s", external_id=None, text="same words", engine=engine)
    b = store.ingest(source="s", external_id=None, text="same words", engine=engine)
    c = store.ingest(source="other", external_id=None, text="same words", engine=engine)
    assert a.id == b.id and not b.created and c.id != a.id
    assert a.external_id == f"sha256:{a.text_hash}"


def test_ingest_many_is_resumable_and_counts_what_it_did(store, engine):
    records = [{"id": i, "text": f"post {i} vermin" if i % 4 == 0 else f"post {i}"} for i in range(25)]
    seen = []
    report = store.ingest_many(records[:10], engine=engine, source="feed", batch_size=4, on_batch=seen.append)
    assert (report.inserted, report.existing, report.batches) == (10, 0, 3)
    assert [r.inserted for r in seen] == [4, 8, 10]
    report = store.ingest_many(records, engine=engine, source="feed", batch_size=4)
    assert (report.inserted, report.existing, report.conflicts, report.failed) == (15, 10, 0, 0)
    assert store.count_items() == 25


def test_ingest_many_skips_bad_records_and_reports_them(store, engine):
    records = [
        {"id": "ok", "text": "fine"},
        {"id": "empty", "text": "   "},
        {"id": "notext"},
        {"id": "kind", "text": "x", "kind": "tweet"},
        {"id": "author", "text": "x", "author": "a" * 201},
        {"id": "dup", "text": "a"},
        {"id": "dup", "text": "a"},
        {"id": "dup", "text": "b"},
    ]
    report = store.ingest_many(records, engine=engine, source="s", batch_size=10)
    assert report.inserted == 2 and report.existing == 1 and report.conflicts == 1 and report.failed == 4
    assert any("HS101" in e for e in report.errors) and any("HS104" in e for e in report.errors)


def test_queue_holds_review_items_and_filters(store):
    eng = fake_engine({"pests": ("dehumanization", 0.6), "liars": ("hate", 0.6)})
    store.ingest(source="a", external_id="1", text="they are pests", engine=eng)  # review (0.5 ≤ 0.6 < 0.8)
    store.ingest(source="b", external_id="2", text="all liars", engine=eng)  # review
    store.ingest(source="a", external_id="3", text="lovely day", engine=eng)  # allow
    queue = store.queue()
    assert [q.external_id for q in queue] == ["1", "2"] and all(isinstance(q, QueueEntry) for q in queue)
    assert queue[0].action == "review" and queue[0].labels == ("dehumanization",) and not queue[0].sampled
    assert [q.external_id for q in store.queue(label="hate")] == ["2"]
    assert [q.external_id for q in store.queue(source="a")] == ["1"]
    assert store.queue(action="remove") == [] and store.queue_count() == 2
    assert [q.external_id for q in store.queue(limit=1, offset=1)] == ["2"]
    with pytest.raises(InputError):
        store.queue(action="delete")


def test_review_overturn_is_kept_as_labelled_data_and_audited(store, engine, tmp_path):
    pests = fake_engine({"pests": ("dehumanization", 0.6)})
    item = store.ingest(source="a", external_id="1", text="they are pests", engine=pests)
    kept = store.ingest(source="a", external_id="2", text="they are vermin", engine=engine)
    assert store.queue_count() == 1
    review = store.review(item.id, decision="overturn", reason="about garden insects", reviewer="ana")
    assert isinstance(review, ReviewRecord) and review.hateful is False and review.action == "allow"
    assert store.queue_count() == 0
    after = store.get_item(item.id)
    assert after.review_status == "reviewed" and after.decision.origin == "review" and after.decision.action == "allow"
    store.review(kept.id, decision="confirm", reason="clear dehumanisation", reviewer="bo")
    events = [e.event for e in store.audit(item.id)]
    assert events == ["ingest", "decision", "queued", "review", "decision"]
    assert all(isinstance(e, AuditEvent) for e in store.audit())
    out = tmp_path / "labels.jsonl"
    assert store.export_labels(out) == 2
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0] == {
        "text": "they are pests", "hateful": False, "source": "a", "split": "community",
        "labels": {"hate": False, "dehumanization": False, "incitement": False},
        "targets": [], "rationales": [], "klass": "overturned",
    }
    assert rows[1]["hateful"] is True and rows[1]["labels"]["dehumanization"] is True
    assert rows[1]["rationales"] == [[9, 15]] and rows[1]["klass"] == "confirmed"


@pytest.mark.parametrize(
    "kwargs,code",
    [
        ({"decision": "approve", "reason": "x", "reviewer": "a"}, "HS110"),
        ({"decision": "confirm", "reason": "  ", "reviewer": "a"}, "HS111"),
        ({"decision": "confirm", "reason": "x", "reviewer": ""}, "HS111"),
        ({"decision": "confirm", "reason": "x", "reviewer": "a", "action": "ban"}, "HS110"),
    ],
)
def test_bad_reviews_are_refused_with_codes(store, engine, kwargs, code):
    item = store.ingest(source="a", external_id="1", text="x", engine=engine)
    with pytest.raises(InputError) as info:
        store.review(item.id, **kwargs)
    assert info.value.code == code


def test_unknown_items_raise_not_found(store):
    for call in (lambda: store.get_item(999), lambda: store.audit(999), lambda: store.reviews(999),
                 lambda: store.review(999, decision="confirm", reason="r", reviewer="a")):
        with pytest.raises(NotFound) as info:
            call()
        assert info.value.code == "HS404"
    assert store.find_item("nope", "1") is None


def test_audit_log_is_append_only_in_the_database(store, engine, db_url):
    store.ingest(source="a", external_id="1", text="x", engine=engine)
    eng = create_engine(db_url)
    try:
        for sql in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"):
                with eng.begin() as conn:
                    conn.execute(text(sql))
    finally:
        eng.dispose()
    assert [e.actor for e in store.audit()] == ["system", "policy"]


def test_api_keys_store_only_a_hash_and_can_be_revoked(store, db_url):
    key_id, plaintext = store.create_api_key("newsroom", rate_limit_per_min=120)
    assert plaintext.startswith(f"hs_{key_id}_") and len(plaintext) > 40
    key = store.verify_api_key(plaintext)
    assert key.key_id == key_id and key.rate_limit_per_min == 120 and key.active
    stored = _rows(db_url, "SELECT key_hash FROM api_keys")
    assert plaintext not in str(stored) and len(stored[0][0]) == 64
    assert store.verify_api_key(plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")) is None
    assert store.verify_api_key("garbage") is None and store.verify_api_key(f"hs_{key_id}_") is None
    assert store.revoke_api_key(key_id).revoked_at is not None
    assert store.verify_api_key(plaintext) is None and not store.get_api_key(key_id).active
    assert [k.key_id for k in store.list_api_keys()] == [key_id]
    assert [e.event for e in store.audit()] == ["api_key.create", "api_key.revoke"]
    with pytest.raises(NotFound):
        store.revoke_api_key("00000000")


def test_migrate_is_idempotent_and_refuses_a_newer_schema(db_url):
    with Store.open(db_url) as st:
        st.migrate()
        assert st.schema_revision() == "0001"
    eng = create_engine(db_url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    eng.dispose()
    with pytest.raises(StoreError) as info:
        Store.open(db_url)
    assert info.value.code == "HS410"


def test_sampled_items_join_the_queue_as_sampled(store, tmp_path):
    policy = tmp_path / "p.toml"
    policy.write_text('[policy]\nextends = "default"\nname = "qc"\n[review]\nsample_rate = 1.0\n')
    eng = fake_engine(WORDS, policy=str(policy))
    store.ingest(source="a", external_id="1", text="a calm sentence", engine=eng)
    (entry,) = store.queue()
    assert entry.sampled and entry.action == "allow"
    assert store.queue(action="review") == []


def test_a_writer_that_loses_the_race_counts_existing_and_conflicts(store, engine, monkeypatch):
    store.ingest_many([{"id": "1", "text": "a"}, {"id": "2", "text": "b"}], engine=engine, source="s")
    # Pretend the pre-check ran before the other writer committed: everything looks new.
    monkeypatch.setattr(type(store), "_new_only", lambda self, inputs: ([(i, text_hash(i.text)) for i in inputs], 0, 0))
    records = [{"id": "1", "text": "a"}, {"id": "2", "text": "changed"}, {"id": "3", "text": "c"}]
    report = store.ingest_many(records, engine=engine, source="s")
    assert (report.inserted, report.existing, report.conflicts) == (1, 1, 1)
    assert store.find_item("s", "2").text == "b" and store.count_items() == 3
    item = store.find_item("s", "1")
    assert [e.event for e in store.audit(item.id)] == ["ingest", "decision"]


@pytest.mark.parametrize("url", ["postgresql://nobody@127.0.0.1:1/none", "sqlite:////nonexistent-dir/x/hatescope.db"])
def test_unusable_databases_are_one_line_store_errors(url):
    with pytest.raises(StoreError) as info:
        Store.open(url)
    assert info.value.code == "HS400" and "\n" not in info.value.message and "cannot use database" in info.value.message


def test_urls_and_paths(tmp_path, monkeypatch):
    from hatescope.store.db import default_url, normalize_url

    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    monkeypatch.setenv("HATESCOPE_DB", "sqlite:///x.db")
    assert default_url() == "sqlite:///x.db"
    monkeypatch.delenv("HATESCOPE_DB")
    monkeypatch.chdir(tmp_path)
    assert default_url() == f"sqlite:///{tmp_path / 'hatescope.db'}"
    with Store.open() as st:
        assert st.dialect == "sqlite" and (tmp_path / "hatescope.db").exists()
        assert _rows(st.url, "PRAGMA journal_mode") == [("wal",)]
    with Store.open("sqlite://") as memory:  # in-memory, for experiments
        assert memory.count_items() == 0


def test_public_names_exist_and_records_are_frozen():
    import hatescope.store as public

    for name in public.__all__:
        assert hasattr(public, name), name
    for cls in (public.ItemRecord, public.AnalysisRecord, public.DecisionRecord, public.QueueEntry,
                public.ReviewRecord, public.AuditEvent, public.ApiKey, public.IngestReport):
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen


def test_an_html_article_is_stored_as_given_with_offsets_into_it(store, engine):
    page = "<html><body><p>They said refugees are vermin.</p><script>var v = 'vermin';</script></body></html>"
    item = store.ingest(source="web", external_id="a1", text=page, kind="article", engine=engine)
    (f,) = item.analysis.to_analysis().findings  # the page's text was read, not its script
    assert item.text == page and page[f.start : f.end] == "vermin" and f.start < page.index("<script>")
    assert not store.ingest(source="web", external_id="a1", text=page, kind="article", engine=engine).created
