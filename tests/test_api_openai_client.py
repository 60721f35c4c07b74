"""OpenAI's official Python SDK, pointed at a real hatescope server on loopback: only the base URL and key change."""

from __future__ import annotations


import pytest

openai = pytest.importorskip("openai")


import hatescope  # noqa: E402
from tests.test_api_helpers import make_client, served_on_loopback  # noqa: E402

POSTS = [
    "They are vermin and we should burn them.",              # hateful, with incitement
    "What a lovely morning at the market.",                  # harmless
    'He posted "they are vermin" and I condemn it utterly.',  # counter-speech quoting hate
    "You idiots never listen.",                              # an insult: harassment, not hate
    "The minister said migrants are pests, the paper reports.",  # a report of someone else's words
]


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A real uvicorn server on a free loopback port, with a key; the SDK reads OPENAI_API_KEY as usual."""
    client, store = make_client(tmp_path, auth=True)
    _, key = store.create_api_key("openai-client")
    monkeypatch.setenv("OPENAI_API_KEY", key)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    with served_on_loopback(client.app) as port:
        yield f"http://127.0.0.1:{port}/v1", key


def test_sdk_moderates_a_mixed_batch(served):
    base_url, _ = served
    client = openai.OpenAI(base_url=base_url, max_retries=0)  # the key comes from OPENAI_API_KEY
    response = client.moderations.create(input=POSTS, model="omni-moderation-latest")

    assert response.id.startswith("modr-") and response.model == f"hatescope-{hatescope.__version__}"
    assert len(response.results) == len(POSTS)
    hateful, harmless, counter, insult, report = response.results
    assert hateful.flagged and hateful.categories.hate and hateful.categories.hate_threatening
    assert hateful.categories.violence and hateful.category_scores.hate >= 0.5
    assert not harmless.flagged
    assert not counter.flagged and not counter.categories.hate and counter.category_scores.hate == 0.0
    assert insult.flagged and insult.categories.harassment and not insult.categories.hate
    assert not report.flagged
    for result in response.results:  # categories hatescope does not model: parsed by the SDK, never flagged
        assert result.categories.sexual is False and result.category_scores.self_harm == 0.0
        assert result.category_applied_input_types.sexual_minors == []

    # hatescope's own key rides along; the SDK keeps it as an extra field.
    extra = hateful.model_extra["hatescope"]
    assert extra["action"] == "remove"
    assert [(POSTS[0][s["start"]:s["end"]], s["label"]) for s in extra["spans"]] == [
        ("vermin", "dehumanization"), ("burn", "incitement")]
    assert counter.model_extra["hatescope"]["spans"][0]["stance"] != "endorse"


def test_sdk_single_string_and_content_parts(served):
    base_url, key = served
    client = openai.OpenAI(base_url=base_url, api_key=key, max_retries=0)
    one = client.moderations.create(input="They are vermin.")
    assert len(one.results) == 1 and one.results[0].categories.hate

    parts = [{"type": "text", "text": 'Someone wrote "burn them".'}, {"type": "text", "text": "I reject that completely."}]
    both = client.moderations.create(input=parts)
    assert len(both.results) == 1 and not both.results[0].flagged


def test_sdk_raises_its_own_errors(served):
    base_url, key = served
    client = openai.OpenAI(base_url=base_url, api_key=key, max_retries=0)
    with pytest.raises(openai.BadRequestError) as info:
        client.moderations.create(input=[])
    assert info.value.status_code == 400 and info.value.param == "input" and info.value.code == "HS105"
    assert info.value.type == "invalid_request_error"

    with pytest.raises(openai.BadRequestError) as info:
        client.moderations.create(input=[{"type": "image_url", "image_url": {"url": "https://example.org/cat.png"}}])
    assert info.value.param == "input[0]" and "image" in info.value.message

    with pytest.raises(openai.AuthenticationError) as auth:
        openai.OpenAI(base_url=base_url, api_key="not-a-hatescope-key", max_retries=0).moderations.create(input="hi")
    assert auth.value.status_code == 401 and auth.value.code == "HS501"
