"""HTML character references left in text by scrapers and APIs ("&amp;", "&gt;", "&#128512;").

Tweets in several public datasets (and text from many platforms' APIs) still carry them; decoded,
"&gt;" quoting and emoji read as what the author wrote. Each decoded character maps back to the
whole reference in the original text.
"""

from __future__ import annotations

import html
import re

from hatescope.offsets import MappedText, rewrite

_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def decode_html_entities(mt: MappedText) -> MappedText:
    if "&" not in mt.text:
        return mt
    edits = []
    for m in _REFERENCE.finditer(mt.text):
        decoded = html.unescape(m.group(0))
        if decoded != m.group(0) and decoded:
            edits.append((m.start(), m.end(), decoded))
    return rewrite(mt, edits) if edits else mt
