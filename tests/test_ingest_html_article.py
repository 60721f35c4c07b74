"""An article given as HTML: its text is read, not its markup, and offsets still refer to the HTML as given."""

import pytest

from tests.fakes import fake_engine

PAGE = (
    "<html><head><style>p { color: red }</style></head><body><h1>Council row</h1>"
    "<p>The councillor posted on Tuesday:</p>"
    '<blockquote class="twitter-tweet"><p>Refugees are vermin.</p>&mdash; Tom Grey (@tgrey) '
    "<a href='#'>May 3, 2026</a></blockquote>"
    "<p>Residents called the post vile &amp; asked for an apology.</p><script>var w = 'vermin';</script></body></html>"
)


@pytest.fixture(scope="module")
def engine():
    return fake_engine({"vermin": ("dehumanization", 0.9)})


def test_html_article_is_read_as_its_text():
    from hatescope.ingest.article import article_mapped

    read = article_mapped(PAGE)
    assert "<" not in read.text and "var w" not in read.text and "color: red" not in read.text
    assert "vile & asked" in read.text  # character references decoded
    i = read.text.index("&")
    assert PAGE[slice(*read.to_original(i, i + 1))] == "&amp;"  # and mapped back to the whole reference


def test_offsets_refer_to_the_html_given_and_the_post_keeps_its_author(engine):
    a = engine.analyze(PAGE, kind="article")
    assert a.text == PAGE
    assert a.context["ingest"]["format"] == "html" and a.context["ingest"]["received_chars"] == len(PAGE)
    (f,) = a.findings  # the word in the <script> is not text
    assert PAGE[f.start : f.end] == f.text == "vermin"
    post = next(s for s in a.segments if s.kind == "embedded_post")
    assert post.speaker == "Tom Grey (@tgrey)" and post.start <= f.start < post.end
    assert PAGE[post.start : post.end] == post.text == "Refugees are vermin."
    assert f.stance == "endorse" and a.hateful  # the embedded post is its author's own voice


@pytest.mark.parametrize("text, kind", [(PAGE, "post"), ("A plain article.\n\nWith <3 and vermin.", "article")])
def test_posts_and_plain_articles_are_analysed_as_given(engine, text, kind):
    a = engine.analyze(text, kind=kind)
    assert a.text == text and "ingest" not in a.context


def test_cli_reads_an_html_file_as_an_article(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    (tmp_path / "engine.toml").write_text('[[detectors]]\nname = "test.words.v1"\nparams = { words = { vermin = ["dehumanization", 0.9] } }\n')
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    runner = "import sys, tests.fakes; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {"HATESCOPE_CONFIG": str(tmp_path / "engine.toml"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)}
    proc = subprocess.run([sys.executable, "-c", runner, "analyze", str(page), "--json"], capture_output=True,
                          cwd=root, env=env, timeout=120)
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["kind"] == "article" and out["context"]["ingest"]["format"] == "html"
    assert [f["text"] for f in out["findings"]] == ["vermin"]
