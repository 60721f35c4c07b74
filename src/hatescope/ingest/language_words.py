"""Word lists the language guess reads where the n-gram model is weak: English internet slang (the
model has seen little of it, so "ngl this slaps fr fr" scores as Norwegian), and the marker words of
two languages written in Latin letters that the model does not know at all: romanised Hindi
("kya scene hai bhai") and Arabizi, Arabic in Latin letters and digits ("wallah ta3bana").

Markers are split into *strong* words, which are frequent in the language and not words of English or
of the Latin-script languages the model knows ("hai", "nahi"; "wallah", "mesh"), and *weak* words,
frequent but shared with other languages ("ke" is Indonesian too, "el" and "ya" Spanish): a weak word
counts only beside a strong one. Used by :mod:`hatescope.ingest.language_guess`.
"""

from __future__ import annotations

import re

#: Slang and abbreviations of English posts missing from the English word list.
ENGLISH_SLANG = frozenset("""
lol lmao lmfao rofl bruh ngl smh tbh idk imo imho omg omfg btw ikr irl fml stfu gtfo yeet bestie finna
deadass sus yall istg ily hbu wyd wbu ppl pls plz thx nvm srsly dunno lemme gimme aint cuz coz bc bro
bruv fam innit nah yea yeah yep nope meh ugh tryna gotcha boomer zoomer
""".split())

#: Words of English that are not words of the other Latin-script languages' posts ("the", "you"; not "a", "de",
#: "in", "is", "die", which the 67,000-word English list shares with them): two of them, in a text whose words are
#: mostly English, make it English without asking the n-gram model (the language guess's fast path).
ENGLISH_ONLY_WORDS = frozenset("""
the and you that this they with what have your are was just but been were would could should their them there
about because people dont cant wont didnt doesnt isnt
""".split())

HINDI_STRONG = frozenset("""
hai hain nahi nahin nhi kya kyu kyun kyon kaise kaisa kaisi mein mujhe mujhko tujhe mera meri mere tera
teri tere tumhara tumhari humein hamara hamare hamari aapka apna apne apni aur bhi sabse kuch bahut bohot
bohut yaar accha acha achha raha rahi rahe gaya gayi gaye hoga hogi karo karna karke karte karta karti
kiya diya liya chahiye chahte chahti matlab lekin magar phir agar wala wali wale ekdum arre arey chalo
haan unhone usne iska uska uski iski bola dekho samajh pata yahan wahan kahan jaldi bilkul thoda zyada
jyada kaun kisi hamesha sirf bhai liye baad pehle saath naya nayi naye kyunki subah shaam
""".split())
HINDI_WEAK = frozenset("ka ki ke ko se pe ne tak ek ye yeh wo woh tum hum aap sab kal aaj abhi tha thi jab tab koi chal na".split())

ARABIZI_STRONG = frozenset("""
wallah wallahi walla yalla yallah inshallah inshalla habibi habibti mesh msh mish keda kda awi gedan
ktir kteer kter shu shou kifak kifik kifkon izzay ezay ezzay enta enti yaani tayeb mabsoot ahla akhoya
3ashan 3shan bokra bukra khalas 5alas mafish zalame
""".split())
ARABIZI_WEAK = frozenset("ya el w fe fel men min ana eh da di bas la lel ma kol".split())
#: Arabizi writes Arabic letters Latin lacks with digits: 3 for ع, 7 for ح, 2 for ء, 5 for خ, 9 for ق.
#: 1, 4 and 8 are left out: they are English shorthand and leetspeak ("b4", "gr8", "k1ll").
_ARABIZI_DIGITS = re.compile(r"^(?=.*[a-z])[a-z]*[23579][a-z0-9]*$")
#: At most this share of English words: Hinglish and Arabizi borrow English nouns ("match", "team"),
#: but a text that is mostly English words is English.
_MAX_ENGLISH = 0.5
#: Marker words must make at least this share of the words.
_MIN_MARKER_SHARE = 0.3


def romanised_language(words: list[str], english_share: float) -> tuple[str, float] | None:
    """("hi" or "ar", share of marker words) when ``words`` (lower-case Latin tokens, digits kept) read
    as romanised Hindi or Arabizi, else None."""
    if not words or english_share > _MAX_ENGLISH:
        return None
    best: tuple[str, float] | None = None
    for language, strong, weak, digits in (("hi", HINDI_STRONG, HINDI_WEAK, False),
                                           ("ar", ARABIZI_STRONG, ARABIZI_WEAK, True)):
        n_strong = sum(w in strong for w in words)
        n_digit = sum(bool(_ARABIZI_DIGITS.match(w)) for w in words) if digits else 0
        n_weak = sum(w in weak for w in words)
        markers = n_strong + n_digit + n_weak
        # A strong word, or an Arabizi digit word beside a marker word (leetspeak has digits, not "ya").
        anchored = n_strong >= 1 or (n_digit >= 1 and n_weak + n_strong >= 1)
        share = markers / len(words)
        if anchored and markers >= 2 and share >= _MIN_MARKER_SHARE and (best is None or share > best[1]):
            best = (language, share)
    return best
