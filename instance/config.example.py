# Kiosk configuration for this PC. Copy this file to instance/config.py and change what you need.
# Every setting can also be given as an environment variable prefixed with KIOSK_
# (for example KIOSK_HOSTS='["kiosk.local"]'), which wins over this file.
# Kiosk writes its database (kiosk.sqlite3) and its secret key (secret_key) in this folder.

# Another database, for a council serving many rooms (default: SQLite file in this folder).
# PostgreSQL needs `pip install kiosk[scale]`; `kiosk serve` then uses gevent (README, "Several workers").
# DATABASE_URL = "postgresql+psycopg://kiosk@localhost/kiosk"

# Names this PC is reached by on the local network, besides its own addresses.
# HOSTS = ["kiosk.local", "mediatheque-pc"]

# The address printed for phones, if the automatic one is not right (for example behind a proxy).
# BASE_URL = "http://192.168.1.20:5000"

# The room PC's own browser opens the moderator console without typing.
# Set to False if other people use this PC's browser.
# TRUST_LOOPBACK = True

# Behind a reverse proxy (nginx, Caddy): trust its X-Forwarded-* headers.
# This also turns off TRUST_LOOPBACK, since every request then comes from the proxy, and the cap on
# connections per address below (the proxy limits its own clients).
# Without it, a request carrying such headers is never treated as the room PC.
# BEHIND_PROXY = False

# Connections one address may hold at once (pages and live channel alike); more are closed.
# The room PC with board, door and console tabs uses about 20; each phone one live channel and a few
# short ones, so 200 leaves room for about 150 phones sharing one address behind a NAT box. 0: no cap.
# MAX_CONNECTIONS_PER_ADDRESS = 200

# Seconds for a request's line and headers to arrive (also how long an idle keep-alive connection
# is kept for its next request). A request sent a byte at a time is cut off.
# HEADER_TIMEOUT = 10

# Seconds any other read may wait. Live screens speak every 10 seconds, so keep it well above that.
# IDLE_TIMEOUT = 60

# Several workers (a forum day, see docs/deploy.md) share one Redis: the live channel's message queue,
# the rate limits, the login slow-down and the moderator sockets. Needs `pip install kiosk[scale]`.
# REDIS_URL = "redis://127.0.0.1:6379/0"
# Kiosk's keys in that Redis begin with this (several Kiosks may share one Redis).
# REDIS_PREFIX = "kiosk"
# The message queue alone, when it is not REDIS_URL.
# MESSAGE_QUEUE = "redis://127.0.0.1:6379/0"

# How long a one-time moderator link stays valid, in seconds. The console says it in minutes (in seconds
# when it is not a whole number of minutes).
# MODERATOR_LINK_SECONDS = 120

# When the open questions do not all fit on the projector, the board shows them a page at a time and turns
# to the next page after this many seconds (long enough to read a page from the back of the room).
# BOARD_PAGE_SECONDS = 15

# Feedback is taken during the feedback step, then for this many minutes after the workshop is
# closed (for the people still typing). After that, phones are told it is over.
# FEEDBACK_GRACE_MINUTES = 30

# The organiser's login ends after this many hours without use (a page opened, an action taken).
# ORGANISER_IDLE_HOURS = 8

# A moderator's login (phone signed in with a link or QR code) ends this many hours after the
# workshop was closed. The room PC's own browser is not concerned.
# MODERATOR_HOURS_AFTER_CLOSE = 4
