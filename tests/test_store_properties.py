"""Property: whatever the order, batch size and repetitions, each (source, id) is stored once,
with the first text seen for it, and every record is counted exactly once in the report."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatescope.store import Store
from tests.fakes import fake_engine

ENGINE = fake_engine()
records = st.lists(
    st.tuples(st.sampled_from(["a", "b"]), st.integers(0, 6), st.sampled_from(["x vermin", "y", "z"])),
    max_size=30,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=records, second=records, batch=st.integers(1, 8))
def test_each_item_once_with_its_first_text(first, second, batch):
    with Store.open("sqlite://") as store:
        expected: dict[tuple[str, str], str] = {}
        for run in (first, second):
            recs = [{"source": s, "id": str(i), "text": t} for s, i, t in run]
            report = store.ingest_many(recs, engine=ENGINE, batch_size=batch)
            assert report.inserted + report.existing + report.conflicts == len(recs)
            new = 0
            for s, i, t in run:
                key = (s, str(i))
                if key not in expected:
                    expected[key] = t
                    new += 1
            assert report.inserted == new
            assert report.conflicts == sum(expected[(s, str(i))] != t for s, i, t in run)
        assert store.count_items() == len(expected)
        for (s, i), t in expected.items():
            assert store.find_item(s, i).text == t
