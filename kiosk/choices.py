"""Limits and choices, defined once for forms, API, templates, reports and tests.

Labels of the activity-report fields are kept exactly as the national tool spells them.
"""


def N_(text):
    """Mark a label for the translation catalogs; pages translate it where participants read it,
    while the national activity report keeps the French wording."""
    return text


NAME_MAX = 40
# What the organiser looks for in /admin/people.
SEARCH_MAX = 80
CONTACT_MAX = 120
COMMUNE_MAX = 80
HEAD_COUNT_MAX = 1000
TITLE_MAX = 120
PLACE_MAX = 120
QUESTION_MIN = 3
QUESTION_MAX = 280
FEEDBACK_TEXT_MAX = 500
NOTES_MAX = 2000
CAPACITY_DEFAULT = 12
CAPACITY_MAX = 1000
POSTAL_CODE_MAX = 10
# An appointment's number in RDV Service Public.
RDV_ID_MAX = 20
# An RDV Service Public export, in bytes: thousands of appointments.
RDV_FILE_MAX = 4 * 1024 * 1024
# The board's text size, in percent of what suits a usual room.
BOARD_SCALE_MIN = 60
BOARD_SCALE_MAX = 250
BOARD_SCALE_STEP = 10
# The organiser's passphrase: long enough to resist guessing, short enough for a password manager.
PASSPHRASE_MIN = 12
PASSPHRASE_MAX = 200
# Personal data is erased after this many months (the organiser may choose 1 to 36).
RETENTION_MONTHS_DEFAULT = 12
RETENTION_MONTHS_MAX = 36
DURATION_MIN = 5
DURATION_MAX = 24 * 60
CLIENT_ID_PATTERN = r"[A-Za-z0-9_-]{8,64}"

# A workshop's life; the phase changes what the screens put first, not what people may do.
PHASES = ("checkin", "questions", "feedback", "closed")
PHASE_LABELS = {
    "checkin": N_("Accueil"),
    "questions": N_("Questions"),
    "feedback": N_("Avis"),
    "closed": N_("Terminé"),
}

ATTENDEE_STATUSES = ("present", "waiting")
# The exports' words (files stay in French, as the national tools read them).
ATTENDEE_STATUS_LABELS = {"present": "Présent", "waiting": "En attente"}

# The quiet pulse: a silent sign to the moderator, counted over the last minutes and then gone.
PULSE_KINDS = ("lost", "slower")
PULSE_MINUTES = 5

# An answer the group keeps: a few sentences and/or a link, on the phones and the take-home page.
ANSWER_MAX = 500
LINK_MAX = 300
# What may be typed: "www.…" gets "https://" before it is stored.
LINK_TYPED_MAX = LINK_MAX - len("https://")
# A question the moderator prepared (or one carried over from the last workshop), not on the board yet.
PREPARED = "prepared"

# The organiser's keywords of one thématique, for the suggested thématique of each question.
KEYWORDS_MAX = 1000

# The full name written on a proof of attendance (never stored).
FULL_NAME_MAX = 120

# The venue's guest Wi-Fi (the limits of the Wi-Fi standard itself).
WIFI_NAME_MAX = 32
WIFI_PASSWORD_MAX = 63

# Quick picture polls: two to four choices, from a preset (a pictogram and words each) or typed.
POLL_QUESTION_MAX = 120
POLL_OPTION_MAX = 40
POLL_OPTIONS_MIN = 2
POLL_OPTIONS_MAX = 4
# A preset's question and its choices' words are translated on each screen; the key names the pictogram.
POLL_PRESETS = {
    "phone": (N_("Quel téléphone avez-vous ?"), ("android", "iphone", "no_smartphone")),
    "yes_no": (N_("Votre réponse ?"), ("yes", "no", "dont_know")),
    "device": (N_("Sur quel appareil voulez-vous apprendre ?"), ("computer", "tablet", "phone")),
}
POLL_PICTOGRAMS = {
    "android": N_("Android"),
    "iphone": N_("iPhone"),
    "no_smartphone": N_("Pas de smartphone"),
    "yes": N_("Oui"),
    "no": N_("Non"),
    "dont_know": N_("Je ne sais pas"),
    "computer": N_("Ordinateur"),
    "tablet": N_("Tablette"),
    "phone": N_("Téléphone"),
}
# "open": people answer; "closed": the result stays on the screens; "done": put away (still in the report).
POLL_STATUSES = ("open", "closed", "done")

# "current" is the one on the projector; "later" is "à voir plus tard"; "pending" waits for the
# moderator's approval when pre-moderation is on. Hidden and pending ones never leave the moderator.
QUESTION_STATUSES = ("pending", "open", "current", "resolved", "later", "hidden")
PRIVATE_STATUSES = ("pending", "hidden", "prepared")
QUESTION_STATUS_LABELS = {
    "pending": "À valider",
    "open": "Ouverte",
    "current": "En cours",
    "resolved": "Vue ensemble",
    "later": "À voir plus tard",
    "hidden": "Masquée",
    "prepared": "Préparée",
}

# The State's "Je donne mon avis" faces and their scores out of 10.
RATINGS = {"bad": 0, "medium": 5, "good": 10}
RATING_LABELS = {"bad": N_("Pas bien"), "medium": N_("Moyen"), "good": N_("Très bien")}
YES_NO = ("yes", "a_bit", "no")
YES_NO_LABELS = {"yes": "Oui", "a_bit": "Un peu", "no": "Non"}

DURATION_PRESETS = (15, 30, 45, 60, 90, 120)

PLACE_TYPES = {
    "lieu_activite": "Lieu d'activité",
    "autre_lieu": "Autre lieu",
    "domicile": "À domicile",
    "distance": "À distance",
}

MATERIALS = {
    "ordinateur": "Ordinateur",
    "telephone": "Téléphone",
    "tablette": "Tablette",
    "autre": "Autre",
    "aucun": "Pas de matériel",
}

LEVELS = {"debutant": "Débutant", "intermediaire": "Intermédiaire", "avance": "Avancé"}

AGE_BANDS = {
    "moins_12": N_("Moins de 12 ans"),
    "12_17": N_("12 - 17 ans"),
    "18_24": N_("18 - 24 ans"),
    "25_39": N_("25 - 39 ans"),
    "40_59": N_("40 - 59 ans"),
    "60_69": N_("60 - 69 ans"),
    "70_plus": N_("70 ans et plus"),
}

# The national tool's genre, as its import file writes it; N (non communiqué) unless the person says.
GENDERS = {"F": N_("Femme"), "M": N_("Homme"), "N": N_("Non communiqué")}
# A year of birth the national tool accepts: from 1900 to this year.
BIRTH_YEAR_MIN = 1900
# What the commune picker and GET /api/communes look for.
COMMUNE_QUERY_MAX = 80

SOCIAL_STATUSES = {
    "scolarise": N_("Scolarisé"),
    "sans_emploi": N_("Sans emploi"),
    "en_emploi": N_("En emploi"),
    "retraite": N_("Retraité"),
}

THEMES = {
    "diagnostic_numerique": "Diagnostic numérique",
    "prendre_en_main_du_materiel": "Prendre en main du matériel",
    "maintenance_de_materiel": "Maintenance de matériel",
    "gere_ses_contenus_numeriques": "Gérer ses contenus numériques",
    "navigation_sur_internet": "Navigation sur internet",
    "email": "E-mail",
    "bureautique": "Bureautique",
    "reseaux_sociaux": "Réseaux sociaux communication",
    "sante": "Santé",
    "banque_et_achats_en_ligne": "Banque et achats en ligne",
    "entrepreneuriat": "Accompagner un professionnel",
    "insertion_professionnelle": "Insertion professionnelle",
    "securite_numerique": "Prévention en sécurité numérique",
    "parentalite": "Parentalité",
    "scolarite_et_numerique": "Scolarité et numérique",
    "creer_avec_le_numerique": "Créer avec le numérique",
    "culture_numerique": "Culture numérique",
    "intelligence_artificielle": "Intelligence artificielle (IA)",
    "aide_aux_demarches_administratives": "Aide aux démarches administratives",
}
