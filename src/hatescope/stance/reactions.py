"""The writer's verdict on a word or phrase they show in quote marks in their own voice ("'X' in the group chat. Left.").

A slur or a short hateful line put between quote marks and left without a verb of saying stays in the writer's voice
(segment/quotes.py: scare quotes), so nothing says whose words they are. What the writer does with them decides:

* approval, praise, a call for more or an act of support (stance/endorsement.py: ``approve``, ``accolade``, ``more``,
  ``support``) makes them the writer's, and so does laughter (``mockery``: "'X' in the chat. Lol.");
* turning away from them (``reject``: "Left.", "Walked out.", "Straight in the bin."), a moderation notice
  (``moderation``: "'X' = instant kick", "last warning", "isn't banter in this chat") → ``counter``;
* the writer's own hurt, fatigue or disbelief (``reaction``: "I'm so tired.", "She's 7. Why.", "mods asleep?"; the
  same words again, ``recurrence``: "on my car. Third time.", with a first-person word) → ``report``: somebody aimed
  the words at them or theirs; approval in a later sentence still comes first;
* the words reported removed, punished or answered after them (``sanction``, ``answered``: "HR took it.", "Editor
  resigned.", "Explained why not."), or a sanction told before the framed words ("suspended for calling X '…'",
  "removed a comment comparing X to …", :func:`punished_frame`) → ``counter``, unless the writer regrets it
  (``regret``: "Cowards.").

None of this holds when the writer is the one who said, wrote or called somebody it ("Wrote 'X' on her locker.",
"I called him 'X'."), or applies the word to somebody ("they're 'X'"): then approval alone is read.
The cues are per-language data (hatescope/data/context/<lang>.toml); the rules know no group and no slur.
"""

from __future__ import annotations

import re

from hatescope.context_cues import LanguageCues
from hatescope.document import Document
from hatescope.stance import cues, endorsement
from hatescope.stance.voices import following_sentences

#: Quote marks that open and close a word shown as a word; a straight "'" is told from an apostrophe by its neighbours.
_OPENING = "'\"“‘«"
_CLOSING = "'\"”’»"
#: Where a clause of its own starts after the quoted words ("'X' on the wall; the council cleaned it off").
_CLAUSE_CUT = re.compile(r"[;—–]|\s-\s")
#: How far a shown phrase may stretch either side of the evidence (characters).
_SPAN = 80
#: The writer said, wrote or called somebody it: a verb of their own act before the quote mark, either first in the
#: sentence with no subject ("Wrote 'X' on …") or after "I"/"we" ("so I called it 'X'").
_OWN_ACT = re.compile(
    r"(?:^\W*|\b(?:i|we)\s+(?:\w+\s+){0,2}?)(?:call(?:ed|ing)?|wrote|write|writing|told|tell|sent|send|said|say|put|"
    r"putting|sprayed|painted|daubed|scrawled|keyed|carved|scratched|etched|graffitied|spelled|shouted|yelled|texted|"
    r"posted|typed|chanted|sang)\b[^.!?]*$"
)
#: The writer applies the word to somebody: a copula or "as"/"like" right before the quote mark ("they're 'X'"; a
#: possessive "grandma's 'X' rule" is no copula).
_APPLIED = re.compile(
    r"(?:\b(?:is|are|was|were|be|being|like|as|such)|['’]re|\b(?:he|she|it|that|this|who|what|they)['’]s)\s+"
    r"(?:(?:a|an|the|just|all|such|real|total|proper|some|my|our|your|his|her|their)\s+)*$"
)


def marks_around(text: str, lo: int, ns: int, ne: int, hi: int) -> tuple[int, int] | None:
    """The opening and (one past) the closing quote mark around [ns, ne) inside [lo, hi), when the evidence is shown
    between quote marks; None when it is not."""
    opening = None
    for i in range(ns - 1, max(lo, ns - _SPAN) - 1, -1):
        ch = text[i]
        if ch in ".!?":
            return None
        if ch not in _OPENING and ch not in _CLOSING:
            continue
        before_ok = i == 0 or not text[i - 1].isalnum()
        after_ok = i + 1 < len(text) and not text[i + 1].isspace()
        if ch in _OPENING and before_ok and after_ok:
            opening = i
            break
        if ch in _CLOSING and not before_ok and (i + 1 == len(text) or not text[i + 1].isalnum()):
            return None  # a closing mark: the evidence is after a quotation, not inside one
    if opening is None:
        return None
    for j in range(ne, min(hi, ne + _SPAN)):
        ch = text[j]
        if ch in _CLOSING and not text[j - 1].isspace() and (j + 1 == len(text) or not text[j + 1].isalnum()):
            return opening, j + 1
        if ch in ".!?" and (j + 1 == len(text) or text[j + 1].isspace()):
            return None  # the sentence ends before any closing mark
    return None


def _following(doc: Document, pos: int) -> list[str]:
    """The sentences after the one holding ``pos``: as many as stance/endorsement.py reads, not counting one-word ones
    ("every. single. day. Legend." is one sentence's worth)."""
    found, counted = [], 0
    for sentence in following_sentences(doc, pos, 3 * endorsement.FOLLOWING):
        if counted >= endorsement.FOLLOWING:
            break
        found.append(sentence.lower())
        counted += len(sentence.split()) > 1
    return found


def _regrets(pieces: list[str], c: LanguageCues) -> bool:
    regret = c.pattern("regret")
    return regret is not None and any(regret.search(piece) for piece in pieces)


def verdict_on_mention(doc: Document, ns: int, ne: int, lo: int, hi: int) -> tuple[str, str] | None:
    """The writer's verdict on evidence [ns, ne) shown in quote marks in the sentence [lo, hi) of their own voice, read
    in the rest of the sentence and the sentences after it; None where the evidence is not in quote marks or no cue
    decides (the writer's own voice then)."""
    text, c = doc.text, cues.for_doc(doc)
    marks = marks_around(text, lo, ns, ne, hi)
    if marks is None:
        return None
    before, rest = text[lo : marks[0]], text[marks[1] : hi]
    own = bool(_OWN_ACT.search(before) or _APPLIED.search(before))
    pieces = [rest] + _following(doc, max(marks[1], hi - 1))
    told, context = before + " " + text[marks[0] : marks[1]], text[lo:hi] + " " + " ".join(pieces)
    # What happened to the words is told after them, past a clause of their own ("'X' fired at sunset" is no sanction).
    cut = _CLAUSE_CUT.search(rest)
    after = rest[cut.end() :] if cut is not None else ""
    mockery, turned = c.pattern("mockery"), None
    for k, piece in enumerate(pieces):
        if endorsement.approves(piece, c):
            return "endorse", "the writer approves of the words in quote marks"
        if endorsement.praises(piece, c) and not endorsement.answered(told + " " + piece, c):
            return "endorse", "the writer praises whoever said or wrote it"
        further = endorsement.furthers(piece, c)
        if further is not None:
            return further
        told_after = after + " " + piece if k else after
        if endorsement.welcomes(piece, c):
            if not own and (endorsement.sanctioned(told_after, c) or endorsement.answered(told_after, c)):
                return "counter", "the writer welcomes the answer to the words in quote marks"
            return "endorse", "the writer welcomes the words in quote marks"
        if mockery is not None and mockery.search(piece):
            return None  # laughing at it: the writer's own voice
        if not own and turned is None:  # decided at the end: approval in a later sentence comes first
            turned = endorsement.turns_away(piece, c)
            if turned is None and endorsement.reacts(piece, context, c):
                turned = "report", "the writer reports words aimed at them, with their own reaction"
        if k:
            after += " " + piece
    if own:
        return None
    # Regret takes back what was done against the words ("… gets you banned. Funny how it's always the truth that
    # gets banned.", "Council painted over it. Cowards."), not the writer's own turning away ("Left. Shame.").
    regretted = _regrets(pieces, c)
    if turned is not None and not (regretted and turned == endorsement.MODERATED):
        return turned
    if regretted:
        return None
    if endorsement.reacts(" ".join(pieces), context, c):  # "every. single. day." reads as three "sentences"
        return "report", "the writer reports words aimed at them, with their own reaction"
    if endorsement.sanctioned(after, c) or endorsement.answered(after, c) or _framed_after_sanction(before, c):
        return "counter", "the words in quote marks were removed, punished or answered"
    return None


def _framed_after_sanction(clause: str, c: LanguageCues) -> bool:
    """A sanction, then a frame, then the words ("suspended for calling X …", "removed a comment comparing X to …"):
    "posts saying 'X' will be removed, they are not …" frames other words than the evidence, and a quote mark alone
    frames nothing here ("we've removed 'X' from the filter")."""
    frames = [m for m in c.frame.finditer(clause) if m.group(0).strip()[:1].isalnum()]
    return bool(frames) and endorsement.sanctioned(clause[: frames[-1].start()], c)


def punished_frame(doc: Document, clause: str, ne: int, hi: int) -> tuple[str, str] | None:
    """Words framed as somebody's in a clause that reports them removed or punished ("removed a comment comparing X
    to …", "suspended for calling X …"): a moderation notice or a report of the sanction, unless the writer goes on to
    side with the words (approval, praise, a call for more, regret of the sanction, laughter). ``ne``: the end of the
    evidence; ``hi``: of its sentence."""
    c = cues.for_doc(doc)
    if not _framed_after_sanction(clause, c):
        return None
    pieces = [doc.text[ne:hi]] + _following(doc, hi - 1)
    mockery = c.pattern("mockery")
    for piece in pieces:
        if (endorsement.approves(piece, c) or endorsement.praises(piece, c) or endorsement.furthers(piece, c)
                or (mockery is not None and mockery.search(piece))):
            return None
    if _regrets(pieces, c):
        return None
    return "counter", "the framed words were removed or punished"
