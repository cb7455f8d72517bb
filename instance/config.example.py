# Kiosk configuration for this PC. Copy this file to instance/config.py and change what you need.
# Every setting can also be given as an environment variable prefixed with KIOSK_
# (for example KIOSK_HOSTS='["kiosk.local"]'), which wins over this file.
# Kiosk writes its database (kiosk.sqlite3) and its secret key (secret_key) in this folder.

# Another database, for a council serving many rooms (default: SQLite file in this folder).
# DATABASE_URL = "postgresql+psycopg://kiosk@localhost/kiosk"

# Names this PC is reached by on the local network, besides its own addresses.
# HOSTS = ["kiosk.local", "mediatheque-pc"]

# The address printed for phones, if the automatic one is not right (for example behind a proxy).
# BASE_URL = "http://192.168.1.20:5000"

# The room PC's own browser opens the moderator console without typing.
# Set to False if other people use this PC's browser.
# TRUST_LOOPBACK = True

# Behind a reverse proxy (nginx, Caddy): trust its X-Forwarded-* headers.
# This also turns off TRUST_LOOPBACK, since every request then comes from the proxy.
# BEHIND_PROXY = False

# Several server processes share live updates through Redis.
# MESSAGE_QUEUE = "redis://127.0.0.1:6379/0"

# How long a one-time moderator link stays valid, in seconds.
# MODERATOR_LINK_SECONDS = 120

# Feedback is taken during the feedback step, then for this many minutes after the workshop is
# closed (for the people still typing). After that, phones are told it is over.
# FEEDBACK_GRACE_MINUTES = 30

# The organiser's login ends after this many hours without use (a page opened, an action taken).
# ORGANISER_IDLE_HOURS = 8

# A moderator's login (phone signed in with a link or QR code) ends this many hours after the
# workshop was closed. The room PC's own browser is not concerned.
# MODERATOR_HOURS_AFTER_CLOSE = 4
