"""Whether two questions say the same thing: offline, insensitive to accents, case, word order, plurals
and French filler words. Plain functions over text, used for "same question?" while a person types,
the moderator's suggested duplicates, and the organiser's topics for the next workshops."""

import re
import unicodedata

# Words that carry no subject: articles, pronouns, question words, the commonest verbs.
FILLER = frozenset(
    """
    a ai aie aies ait as au aux avec avez avoir avons c ca ce ceci cela celle celui ces cet cette comme comment
    d dans de des du elle elles en es est et etc etre eu faire fais fait faut il ils j je l la le les leur leurs
    lui m ma mais me mes moi mon n ne ni nos notre nous on ont ou par pas peut peux pouvez pouvoir pour
    pourquoi qu quand que quel quelle quelles quels qui quoi s sa sans se ses si son sont suis sur t ta te tes
    toi ton tu un une vos votre vous y bonjour svp merci plait faudrait veux voudrais voudrait aimerais
    savoir quelqu chose bien tres plus moins
    """.split()
)
# Two texts whose subject words mostly match are the same question.
SAME = 0.6
# A shared beginning this long makes two words the same word (envoyer / envoie, photos / photo).
STEM = 4


def fold(text):
    """Lower case, no accents, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", plain.replace("œ", "oe").replace("æ", "ae"))


def words(text):
    """The words of a text that say what it is about."""
    return [w for w in fold(text).split() if len(w) > 1 and w not in FILLER]


def same_word(a, b):
    """Whether two folded words are one word, give or take an ending."""
    if a == b:
        return True
    if min(len(a), len(b)) < STEM + 1:
        # Short words: only a plural's s or x.
        return a.rstrip("sx") == b.rstrip("sx")
    return a[:STEM] == b[:STEM] and abs(len(a) - len(b)) <= 3


def score(a, b):
    """How alike two texts are, from 0 to 1 (each text's words found in the other, both ways)."""
    first, second = words(a), words(b)
    if not first or not second:
        return 0.0
    found = sum(any(same_word(w, v) for v in second) for w in first)
    found += sum(any(same_word(w, v) for v in first) for w in second)
    return found / (len(first) + len(second))


def alike(text, candidates, limit=3):
    """The candidates [(key, text)] that say the same as `text`, most alike first: [(key, score)]."""
    scored = [(key, score(text, other)) for key, other in candidates]
    return sorted(((k, s) for k, s in scored if s >= SAME), key=lambda pair: -pair[1])[:limit]


def groups(texts):
    """Texts grouped by what they say: [[text, …], …], largest group first, each in the order given."""
    found = []
    for text in texts:
        for group in found:
            if score(text, group[0]) >= SAME:
                group.append(text)
                break
        else:
            found.append([text])
    return sorted(found, key=len, reverse=True)
