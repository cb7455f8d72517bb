"""A suggested thématique for each question, from a keyword list per thématique that the organiser edits."""

import functools
import json

from kiosk import choices
from kiosk.rules import organiser, similarity

KEYWORDS_KEY = "theme_keywords"

# Words people use in a café numérique, folded (no accents, lower case); the organiser adds their own.
DEFAULT_KEYWORDS = {
    "diagnostic_numerique": ["diagnostic", "niveau", "debuter", "debutant"],
    "prendre_en_main_du_materiel": [
        "allumer",
        "clavier",
        "souris",
        "ecran",
        "tablette",
        "smartphone",
        "bouton",
        "application",
        "appli",
        "installer",
        "telecharger",
    ],
    "maintenance_de_materiel": [
        "lent",
        "batterie",
        "panne",
        "nettoyer",
        "memoire",
        "stockage",
        "jour",
        "reparer",
    ],
    "gere_ses_contenus_numeriques": [
        "photo",
        "video",
        "fichier",
        "dossier",
        "sauvegarder",
        "sauvegarde",
        "cloud",
        "cle",
        "usb",
        "document",
    ],
    "navigation_sur_internet": [
        "internet",
        "site",
        "navigateur",
        "google",
        "recherche",
        "chercher",
        "wifi",
        "lien",
        "favori",
    ],
    "email": ["mail", "email", "courriel", "messagerie", "gmail", "outlook", "piece", "jointe", "spam"],
    "bureautique": [
        "word",
        "excel",
        "traitement",
        "texte",
        "tableur",
        "imprimer",
        "imprimante",
        "pdf",
        "scanner",
    ],
    "reseaux_sociaux": [
        "facebook",
        "whatsapp",
        "instagram",
        "reseau",
        "sociaux",
        "messenger",
        "visio",
        "appel",
        "sms",
    ],
    "sante": ["ameli", "vitale", "medecin", "doctolib", "sante", "ordonnance", "mutuelle"],
    "banque_et_achats_en_ligne": [
        "banque",
        "payer",
        "paiement",
        "achat",
        "acheter",
        "commande",
        "carte",
        "bancaire",
        "leboncoin",
        "vinted",
    ],
    "entrepreneuriat": ["entreprise", "professionnel", "association", "commerce", "facture"],
    "insertion_professionnelle": [
        "emploi",
        "travail",
        "cv",
        "candidature",
        "france",
        "pole",
        "offre",
        "entretien",
    ],
    "securite_numerique": [
        "passe",
        "arnaque",
        "virus",
        "piratage",
        "pirate",
        "securite",
        "phishing",
        "hameconnage",
        "antivirus",
        "escroquerie",
    ],
    "parentalite": ["enfant", "enfants", "parental", "ecrans", "adolescent"],
    "scolarite_et_numerique": ["ecole", "college", "lycee", "pronote", "ent", "devoirs", "scolaire"],
    "creer_avec_le_numerique": ["montage", "dessin", "creer", "musique", "blog", "album"],
    "culture_numerique": ["numerique", "donnees", "algorithme", "cookies"],
    "intelligence_artificielle": [
        "ia",
        "chatgpt",
        "intelligence",
        "artificielle",
        "mistral",
        "gemini",
        "copilot",
    ],
    "aide_aux_demarches_administratives": [
        "impots",
        "caf",
        "retraite",
        "franceconnect",
        "demarche",
        "administratif",
        "ants",
        "permis",
        "passeport",
        "identite",
        "formulaire",
        "service",
        "public",
    ],
}


def keywords():
    """Each thématique's keywords, as the organiser last saved them (the defaults otherwise)."""
    stored = organiser.get(KEYWORDS_KEY)
    saved = json.loads(stored) if stored else {}
    return {theme: saved.get(theme, DEFAULT_KEYWORDS.get(theme, [])) for theme in choices.THEMES}


def save_keywords(lists):
    """Store the organiser's keyword lists ({thématique: "word, word"}), folded, each word once."""
    cleaned = {}
    for theme in choices.THEMES:
        words = [similarity.fold(word).strip() for word in lists.get(theme, "").split(",")]
        cleaned[theme] = list(dict.fromkeys(" ".join(w.split()) for w in words if w.strip()))
    organiser.put(KEYWORDS_KEY, json.dumps(cleaned))


def _stem(word):
    """A folded word without its plural's s or x."""
    return word.rstrip("sx")


# Under this many letters, a word and a keyword must be the same; from it on, one may begin the other
# (sauvegarde/r).
SHORTEST_STEM = 5


def suggest(text, lists):
    """The thématique whose keywords a question uses most, or None when none is used.

    A word uses a keyword when both, stemmed, are the same, or when the shorter (of SHORTEST_STEM
    letters or more) begins the longer.
    """
    same, begun_by = _index(tuple((theme, tuple(words)) for theme, words in lists.items()))
    used = set()
    for word in similarity.words(text):
        stem = _stem(word)
        used.update(same.get(stem, ()))
        if len(stem) >= SHORTEST_STEM:
            used.update(begun_by.get(stem, ()))  # keywords this word begins
        for end in range(SHORTEST_STEM, len(stem)):
            used.update(same.get(stem[:end], ()))  # keywords that begin this word
    hits = {}
    for theme, _keyword in used:
        hits[theme] = hits.get(theme, 0) + 1
    # The first thématique with the most keywords used, in the lists' order.
    return max(lists, key=lambda theme: hits.get(theme, 0), default=None) if hits else None


@functools.lru_cache(maxsize=8)
def _index(lists):
    """The keyword lists as two look-ups, built once per set of lists (every question posted uses them):
    each keyword's stem, and each beginning of it (of SHORTEST_STEM letters or more, shorter than the
    stem), to the (thématique, keyword) pairs they stand for."""
    same, begun_by = {}, {}
    for theme, words in lists:
        for keyword in words:
            stem, pair = _stem(keyword), (theme, keyword)
            same.setdefault(stem, set()).add(pair)
            for end in range(SHORTEST_STEM, len(stem)):
                begun_by.setdefault(stem[:end], set()).add(pair)
    return same, begun_by
