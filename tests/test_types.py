import json

import hatescope
from hatescope.types import SCORE_LABELS, Analysis, Finding, Segment


def test_public_names_are_exported():
    assert set(hatescope.__all__) == {"Analysis", "Finding", "HatescopeError", "Segment", "analyze", "__version__"}
    for name in hatescope.__all__:
        assert hasattr(hatescope, name)


def test_analysis_round_trips_through_json():
    f = Finding("hate", 2, 8, "vermin", 0.91, "x.v1", target="immigrants", meta={"entry": "e1"})
    f = f.adjusted("stance", "inside a quotation", stance="quote")
    a = Analysis(
        text="a vermin b", kind="article", hateful=False, action="label",
        scores={k: 0.1 for k in SCORE_LABELS}, findings=(f,),
        segments=(Segment(0, 0, 10, "a vermin b", kind="quote", speaker="X"),),
        reasons=("r",), labels=("reports_hate",), context={"k": [1]}, versions={"m": "1"},
    )
    back = Analysis.from_dict(json.loads(a.to_json()))
    assert back == a
    assert back.findings[0].history[0].stage == "stance"
    assert back.findings[0].reasons == ("inside a quotation",)
