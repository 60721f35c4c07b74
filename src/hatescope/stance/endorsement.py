"""The writer's own verdict on words they quote, report or frame: approval makes the words theirs, rejection
makes the post counter-speech.

* **Quoted or reported words** ("An MP was referred for calling migrants 'parasites'. Referred for telling the
  truth."): approval of the words in the writer's own voice around them (cue ``approve``: "telling the truth",
  "finally someone said it", 💯) endorses them, whatever happened to the speaker. Praise (cue ``accolade``: "a
  legend", "deserves a medal", "free him") is for the speaker, unless somebody answered the words in between (cue
  ``answered``: "the teacher made him read Primo Levi. Legend."). A bare welcome (cue ``welcome``: "Good.", "about
  time", 👏) welcomes what the sentences before report: the words or act themselves, or, when they were punished,
  removed or answered (cue ``sanction``: "fired", "jailed", "taken down", "backlash"), that, which rejects them.
  A call for more of the words or for their return (cue ``more``: "Print more.", "Bring them back.") and an act in
  their support (cue ``support``: "Signed.", "Booked in.") endorse them too; turning away from them (cue ``reject``:
  "Left.", "Unfriended.", "Resign.", "0/10") or a moderation notice (cue ``moderation``: "= instant kick", "last
  warning") rejects them, and the writer's own hurt, fatigue or disbelief (cue ``reaction``: "I'm so tired.", "Why.";
  cue ``recurrence``, "Third time.", with a first-person word) reports words aimed at them, unless approval follows.
  Regret of a sanction told before it (cue ``regret``: "Council removed it. Shame.") sides with the words.
* **Conditional or generic speakers** ("if you think X, …", "anyone who says X …", "whoever calls X …"): the
  main clause comes after the claim, so the last verdict in the words after the frame decides: approval
  ("… is right", "… deserves a medal") endorses; a rebuttal (cue ``rebut``: "you've never met one", "should
  look at the numbers") or a condemnation rejects.
* **Attacks the writer reports in their own words** ("A synagogue was set on fire."): what follows decides whose side
  the report is on (or harm without a named attacker, cue ``plight``: "evicted", "capsized", "camp fire"). Sympathy with
  those attacked (cue ``sympathy``: "hope they're ok", "pray for them", "bring them in", "donate"), the writer's own
  hurt or a condemnation of the event ("Horrible news.") makes it a report, unless the writer regrets that the harm was
  not worse ("Everyone got out. Shame."); a call to find or punish the attackers (cue ``punish``: "find those cowards",
  "lock them up", "someone's going to prison"; a denied one, "hope they don't catch him", sides with them), or a welcome
  of their punishment when the report names the attacker (cue ``perpetrator``) sentenced ("The gunman got life.
  Good."), rejects the attack. Approval, praise, a welcome of the attack itself, mockery (cue ``mockery``: "lol",
  "… not."), an attacking word of the writer's after it, or a group named as the attacker ("X attacked a church.
  Arrest them all.") leave the report the writer's own.

The words are per-language data (hatescope/data/context/<lang>.toml); these rules know no group and no slur.
"""

from __future__ import annotations

import re

from hatescope.context_cues import LanguageCues
from hatescope.stance import cues

#: How many sentences after the quoted words are read for the writer's verdict on them.
FOLLOWING = 3
_CLAUSE_CUT = re.compile(r"[,;:—–]|\s-\s|\bthen\b")
#: Where the writer's verdict on an attack starts inside the sentence that reports it.
_VERDICT_CUT = re.compile(r"[:;—–]|\s-\s")


def _undenied(pattern: re.Pattern[str] | None, text: str, c: LanguageCues) -> list[re.Match[str]]:
    """Matches of ``pattern`` in ``text`` that no negation right before denies ("wasn't telling the truth")."""
    if pattern is None:
        return []
    return [m for m in pattern.finditer(text) if not c.disclaimed.search(text, max(0, m.start() - 16), m.start())]


def approves(text: str, c: LanguageCues) -> re.Match[str] | None:
    """The writer's approval of the words in ``text`` (cue ``approve``, or ``agree``), not itself denied."""
    found = _undenied(c.pattern("approve"), text, c) + _undenied(c.agree, text, c)
    return min(found, key=lambda m: m.start()) if found else None


def praises(text: str, c: LanguageCues) -> bool:
    return bool(_undenied(c.pattern("accolade"), text, c))


def answered(text: str, c: LanguageCues) -> bool:
    return bool(_undenied(c.pattern("answered"), text, c))


def welcomes(text: str, c: LanguageCues) -> bool:
    return bool(_undenied(c.pattern("welcome"), text, c))


def furthers(text: str, c: LanguageCues) -> tuple[str, str] | None:
    """A call for more of the words or for their return (cue ``more``), or an act in their support (cue ``support``)."""
    if _undenied(c.pattern("more"), text, c):
        return "endorse", "the writer calls for more of the quoted words"
    if _undenied(c.pattern("support"), text, c):
        return "endorse", "the writer acts in support of the quoted words"
    return None


#: The verdict on a moderation notice, which regret of the sanction takes back ("Funny how the truth gets banned.").
MODERATED = ("counter", "a moderation notice: the quoted words are sanctioned")


def turns_away(text: str, c: LanguageCues) -> tuple[str, str] | None:
    """The writer turns away from the words (cue ``reject``) or gives notice of their sanction (cue ``moderation``)."""
    if _undenied(c.pattern("reject"), text, c):
        return "counter", "the writer turns away from the quoted words"
    if _undenied(c.pattern("moderation"), text, c):
        return MODERATED
    return None


#: The writer or theirs are involved: fatigue at the same words again is theirs ("on my car. Third time.").
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|we|us|our|ours)\b|\bi['’](?:m|ve|d|ll)\b")


def reacts(text: str, context: str, c: LanguageCues) -> bool:
    """The writer's own hurt, fatigue or disbelief in ``text`` (cue ``reaction``), or the words come again and again
    (cue ``recurrence``) to the writer or theirs (a first-person word in ``context``, the words around): a report of
    words aimed at them. Weaker than approval, which is read in every sentence first."""
    if _undenied(c.pattern("reaction"), text, c):
        return True
    return bool(_undenied(c.pattern("recurrence"), text, c)) and bool(_FIRST_PERSON.search(context))


def sanctioned(text: str, c: LanguageCues) -> bool:
    """Whether ``text`` reports the words punished or removed ("he was sacked"; not "I'm not deleting it")."""
    return bool(_undenied(c.pattern("sanction"), text, c))


def rebuts(text: str, c: LanguageCues) -> int | None:
    """Where a rebuttal starts in ``text``, or in the consequence after its first comma ("…, look at the numbers")."""
    rebut = c.pattern("rebut")
    if rebut is None:
        return None
    m = rebut.search(text)
    if m is not None:
        return m.start()
    cut = _CLAUSE_CUT.search(text)
    if cut is None:
        return None
    start = cut.end() + len(text[cut.end() :]) - len(text[cut.end() :].lstrip())
    m = rebut.search(text[start:])  # searched as a string of its own: the cue may anchor on its start ("^look at")
    return None if m is None else start + m.start()


def generic_frame(before: str, c: LanguageCues) -> re.Match[str] | None:
    """The conditional or generic speaker in ``before`` (the words before the evidence), if any."""
    frame = c.pattern("generic_frame")
    return frame.search(before) if frame is not None else None


def generic_verdict(rest: str, following: str, c: LanguageCues) -> tuple[str, str] | None:
    """The writer's verdict on a claim framed as a conditional or generic speaker's; ``rest`` is the sentence
    after the evidence, ``following`` the next sentence. The last cue wins: the main clause follows the claim
    ("people who say X are right" / "anyone who says X is disgusting is right")."""
    found: list[tuple[int, str]] = []
    approval = _undenied(c.pattern("approve"), rest, c) + _undenied(c.agree, rest, c) + _undenied(c.pattern("accolade"), rest, c)
    found += [(m.start(), "endorse") for m in approval]
    rebut = rebuts(rest, c)
    if rebut is not None:
        found.append((rebut, "counter"))
    found += [(pos, "counter") for pos in cues.condemnations(rest, c)]
    # "anyone who calls for X should be banned / belongs in prison": punishing the speaker rejects the words
    found += [(m.start(), "counter") for m in _undenied(c.pattern("sanction"), rest, c)]
    if found:
        stance = max(found)[1]
    elif following and (c.condemn_next.search(following) or rebuts(following, c) is not None):
        stance = "counter"
    else:
        return None
    if stance == "endorse":
        return "endorse", "the writer agrees with those who say it"
    return "counter", "the writer rejects those who say it"


def verdict_on_report(around: str, before: str, following: list[str], report: str, c: LanguageCues, *,
                      own: bool = False) -> tuple[str, str] | None:
    """The writer's approval of quoted or reported words, or rejection of them by welcoming their sanction.

    ``around``: the rest of the quote's sentence after it; ``before``: its start before the quote; ``following``:
    the sentences after it; ``report``: the quote's sentence, where a sanction may be told; ``own``: the writer quotes
    their own words, which they cannot turn away from nor report as aimed at them. The first verdict in reading order
    decides. A condemnation in the quote's sentence or the next is the caller's to read (None);
    one in a later sentence rejects the words ("I've taken it down. It's hateful.")."""
    told, pieces = report, [around] + following[:FOLLOWING]
    reacted = False  # a reaction reports the words only when no approval follows it ("… in 2024? Still true.")
    for k, piece in enumerate(pieces):
        if approves(piece, c) or (k == 0 and approves(before, c)):
            return "endorse", "the writer approves of the quoted words"
        if praises(piece, c):
            if answered(told + " " + piece, c):
                return "counter", "the writer praises whoever answered the quoted words"
            return "endorse", "the writer praises whoever said or did it"
        further = furthers(piece, c)
        if further is not None:
            return further
        if welcomes(piece, c) or (k == 0 and welcomes(before, c)):
            if sanctioned(told + " " + piece, c) or answered(told + " " + piece, c):
                return "counter", "the writer welcomes the answer to the quoted words"
            return "endorse", "the writer welcomes the quoted words"
        if k and sanctioned(told, c) and _undenied(c.pattern("regret"), piece, c):
            return "endorse", "the writer regrets the sanction of the quoted words"  # "Council removed it. Shame."
        condemned = list(cues.condemnations(piece, c)) if k == 0 else (c.condemn_next.search(piece) or cues.condemns_back(piece, c))
        if condemned:
            return None if k <= 1 else ("counter", "the writer condemns the quoted words")
        turned = None if own else turns_away(piece, c)
        if turned is not None:
            return turned
        reacted = reacted or (not own and reacts(piece, report + " " + " ".join(pieces), c))
        told += " " + piece
    if reacted or (not own and reacts(" ".join(pieces[1:]), report, c)):  # "every. single. day.": three "sentences"
        return "report", "the writer reports words aimed at them, with their own reaction"
    return None


def _attacks_in_own_words(text: str, spans: list[re.Match[str]], c: LanguageCues) -> bool:
    """Whether ``text`` holds an attacking word outside ``spans`` (the cues that matched) that neither names the attack
    nor condemns it: "pray for them. animals." mocks, "lock the attackers up" does not."""
    for m in spans:
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    attack = c.pattern("attack")
    for word in re.findall(r"[\w']+", text):
        names_attack = attack is not None and attack.fullmatch(word)
        if c.negative.fullmatch(word) and not c.condemn.fullmatch(word) and not names_attack:
            return True
    return False


def verdict_on_event(told: str, following: list[str], c: LanguageCues, *,
                     group_end: int | None = None) -> tuple[str, str] | None:
    """The writer's verdict on an attack they report in their own words (``told``: the sentence that names the group,
    whose first mention ends at ``group_end`` when it is known), read in the sentences after it (``following``).
    None where the report names no attack or names the group as the attacker, or where the writer goes on to
    approve, praise, welcome the attack, mock or attack in their own words: the other rules decide then."""
    attack, perpetrator, plight = c.pattern("attack"), c.pattern("perpetrator"), c.pattern("plight")
    if attack is None or perpetrator is None:
        return None
    event = attack.search(told) or perpetrator.search(told) or (plight.search(told) if plight is not None else None)
    if event is None:
        return None
    attacker = c.pattern("attacker_group")
    if group_end is not None and attacker is not None and attacker.match(told, group_end):
        return None  # "X attacked a church. Arrest them all.": the group named is the attacker
    pieces = [piece.strip() for piece in following[:FOLLOWING] if piece.strip()]
    # "to the lads who beat up X: we've got your faces": the verdict may follow the report in its own sentence
    tail = _VERDICT_CUT.search(told, event.end())
    if tail is not None and told[tail.end() :].strip():
        pieces.insert(0, told[tail.end() :].strip())
    after = " ".join(pieces)  # "Everyone got out. Thank god.": sympathy may span two sentences
    # The report tells the attacker punished ("the gunman got life"): a welcome welcomes the punishment.
    punished = bool(perpetrator.search(told)) and sanctioned(told, c)
    welcomed = any(welcomes(piece, c) for piece in pieces)  # read sentence by sentence: some cues anchor on its start
    mockery = c.pattern("mockery")
    if (any(approves(piece, c) or praises(piece, c) or furthers(piece, c) for piece in pieces)
            or (welcomed and not punished) or (mockery is not None and mockery.search(after))):
        return None
    punishment, sympathy = _undenied(c.pattern("punish"), after, c), _undenied(c.pattern("sympathy"), after, c)
    if _attacks_in_own_words(after, punishment + sympathy, c):
        return None
    punish = c.pattern("punish")
    if punish is not None and len(punishment) < len(punish.findall(after)):
        return None  # "hope they don't catch the guy": a denied punishment sides with the attacker
    if punishment or (punished and welcomed):
        return "counter", "the writer wants the attackers punished"
    if sympathy:
        return "report", "a report of an attack, with sympathy for those attacked"
    regret = c.pattern("regret")
    if regret is not None and regret.search(after):
        return None  # "Everyone got out. Shame.": the writer regrets that the harm was not worse
    if any((c.condemn_next.search(piece) and cues.condemns(piece, c)) or reacts(piece, told + " " + after, c)
           for piece in pieces):
        return "report", "a report of an attack, deplored by the writer"  # "Horrible news.", "Worst timing ever."
    return None
