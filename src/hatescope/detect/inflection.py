"""Regular English inflections of a lexicon term, so one entry matches "parasite" and "parasites"."""

from __future__ import annotations


def inflect(form: str, how: str) -> list[str]:
    """Regular English inflections of the last word; irregular ones go in ``variants``."""
    out = [form]
    head, _, last = form.rpartition(" ")
    if how == "none" or not last.isalpha() or len(last) < 3:
        return out
    prefix = f"{head} " if head else ""
    if how == "noun":
        if last.endswith("y") and last[-2] not in "aeiou":
            out.append(prefix + last[:-1] + "ies")
        elif last.endswith(("s", "x", "z", "ch", "sh")):
            out.append(prefix + last + "es")
        else:
            out.append(prefix + last + "s")
    elif how == "verb":
        stem = last[:-1] if last.endswith("e") else last
        out += [prefix + last + ("s" if not last.endswith("s") else "es"), prefix + stem + "ed", prefix + stem + "ing"]
        if last.endswith("e"):
            out[-2] = prefix + last + "d"
    return out


__all__ = ["inflect"]
