"""Where a group must stand beside an entry's words for the entry to be aimed at it, and who must say them.

Words of feeling are hateful about a group only in one grammatical role. "Hate" is contempt for a group when the
group is what is hated ("I hate Muslims", "we despise all immigrants"), not when the group suffers what is hated ("I
hate how Muslims are treated", "I hate seeing refugees drown") or names the haters ("people who hate Jews"). "Make me
sick" is contempt when the group is the one that sickens ("Muslims make me sick"), not when others do ("people who
attack Muslims make me sick"). An entry's ``target_role`` names the role (``object``: the group follows the words;
``subject``: it precedes them), with nothing between but articles, quantifiers, intensifiers and insults; its
``subject`` (``first_person``) asks that the feeling be the writer's own ("I", "we"), so a report of someone else's
hatred is left to the classifier and the stance stage. A negation is never "between": "I don't hate Muslims" does
not match, and neither does "I hate to say it, but Muslims …".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the lexicon file reader imports this module for ROLES, before any document exists
    from hatescope.document import Document, Mention

ROLES = ("", "object", "subject")
SUBJECTS = ("", "first_person")

_FILLER = (r"all|the|these|those|them|most|many|of|every|single|such|so|really|just|honestly|literally|seriously|truly|"
           r"genuinely|totally|absolutely|actually|kinda|lowkey|always|still|fucking|fuckin|effing|freaking|frickin|"
           r"damn|damned|bloody|goddamn|goddamned|dirty|filthy|stinking|stinky|disgusting|stupid|lazy|smelly|greedy")
#: Only filler words (and punctuation other than a sentence end or a comma) between the group and the words.
_BETWEEN = re.compile(rf"(?:[\s\"'“”‘’*-]*\b(?:{_FILLER})\b)*[\s\"'“”‘’*-]*")
#: After the hated group: the group suffers or is described in a clause, or something of theirs is meant.
_NOT_THE_OBJECT = re.compile(r"['’]s?(?!\w)|\s*(?:being|getting|get|got|facing|face|suffer\w*|dying|die|drown\w*|"
                             r"who|that|when|whenever|having|have to|had to|are being|were being|are treated|"
                             r"are attacked|are killed|are hurt|are bullied|are mocked)\b")
#: Before the group: it is the object of another verb or preposition ("people who attack Muslims", "attacks on Jews").
_NOT_THE_SUBJECT = re.compile(rf"\b(?:who|that|which|on|against|towards?|about|at|for|of|to|by|with|from|like|than|"
                              rf"hate|hates|attack|attacks|mock|mocks|bully|hurt|hurts|"
                              rf"kill|kills|harass|harasses|\w+ing)(?:\s+(?:{_FILLER}))*\s*$")  # "lynching Muslims makes me sick"
#: A first-person subject just before the words: "I", "we", "i'm", "we've", with adverbs and "do" between.
_FIRST_PERSON = re.compile(rf"(?:^|[^\w'’])(?:i|we|me and \w+|my \w+ and i)(?:\s*(?:'m|’m|'ve|’ve|'re|’re|am|are|have|do|did))?"
                           rf"(?:\s+(?:{_FILLER}|have always|'ve always|’ve always|do|did|also|too))*\s*$")  # "we" + "'re sick of"


def fits(doc: Document, nstart: int, nend: int, mention: Mention, role: str) -> bool:
    """Whether ``mention`` stands in ``role`` to the words at [nstart, nend) of ``doc.text``."""
    text = doc.text
    if role == "object":
        if mention.nstart < nend or not _BETWEEN.fullmatch(text, nend, mention.nstart):
            return False
        return not _NOT_THE_OBJECT.match(text, mention.nend)
    if role == "subject":
        if mention.nend > nstart or not _BETWEEN.fullmatch(text, mention.nend, nstart):
            return False
        return not _NOT_THE_SUBJECT.search(text[max(0, mention.nstart - 40) : mention.nstart])
    return True


def said_by(doc: Document, nstart: int, subject: str) -> bool:
    """Whether the words at ``nstart`` have the ``subject`` an entry asks for (any when it asks for none)."""
    if subject != "first_person":
        return True
    return bool(_FIRST_PERSON.search(doc.text[max(0, nstart - 40) : nstart]))
