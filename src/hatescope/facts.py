"""The facts a :class:`~hatescope.document.Document` carries, and who fills and reads each one.

Every stage and detector is a component that declares the facts it reads (``requires``) and the ones it
fills (``assigns``), as spaCy's components do on its ``Doc``. A fact is filled once, by the component that
owns it, into a typed field of the document; later components read the field and never compute it again.
:func:`check_order` (called by ``Engine.load()``) refuses a pipeline in which a component requires a fact
that no component before it assigns (HS207, :class:`~hatescope.errors.UnmetRequirement`).

A detector declares its facts as class attributes (both optional, empty by default)::

    class MyDetector:
        name = "acme.my_detector.v1"
        requires = ("sentences", "mentions")   # read doc.sentences and doc.mentions
        assigns = ()                           # fills nothing other detectors read

A plug-in may assign a fact of its own (kept in ``doc.cache`` under the fact's name); a later plug-in that
requires it is then accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from hatescope.errors import UnmetRequirement

#: The built-in facts: name → the Document field(s) that hold it and the component that fills it.
FACTS: Mapping[str, str] = {
    "segments": "doc.segments: the voices (author, quotes, reported speech, embedded posts); segment stage",
    "sentences": "doc.sentences: sentences in normalised and original offsets, boundaries (final marks, line "
                 "breaks) read in the text as written; segment stage, the one split every later stage reads",
    "language": "doc.language, doc.english_share: the language of the text as written, how sure the guess is, "
                "and the share of English words; language stage",
    "mentions": "doc.mentions: group, proxy, state and pronoun mentions; doc.implied_mentions: groups implied by "
                "where a word stands, for target resolution only; target stage",
    "innocent_senses": "doc.innocent_senses: lexicon matches dropped as innocent senses, with the reason; "
                       "lexicon detector",
}


@dataclass(frozen=True)
class Component:
    """A stage of the pipeline as the requirement check sees it: its name and the facts it reads and fills."""

    name: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()


def declared(component: Any) -> Component:
    """A stage's :class:`Component`, or a detector's declaration read from its ``requires``/``assigns`` attributes
    (a detector that declares neither reads and fills nothing the check knows of)."""
    if isinstance(component, Component):
        return component
    return Component(
        name=str(getattr(component, "name", type(component).__name__)),
        requires=tuple(getattr(component, "requires", ()) or ()),
        assigns=tuple(getattr(component, "assigns", ()) or ()),
    )


def check_order(components: Iterable[Any]) -> set[str]:
    """Raise :class:`UnmetRequirement` at the first component that requires a fact no earlier one assigns;
    return every fact assigned."""
    assigned: list[str] = []
    for component in map(declared, components):
        for fact in component.requires:
            if fact not in assigned:
                before = ", ".join(assigned) or "nothing"
                known = "" if fact in FACTS else f"; the built-in facts are {', '.join(FACTS)}"
                raise UnmetRequirement(
                    f"{component.name} requires the document fact '{fact}', which no component before it assigns "
                    f"(assigned before it: {before}{known})",
                    component=component.name, fact=fact,
                )
        assigned += [fact for fact in component.assigns if fact not in assigned]
    return set(assigned)


__all__ = ["FACTS", "Component", "check_order", "declared"]
