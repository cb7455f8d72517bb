"""What a screen missed while it was away: the last changes of each room, replayed from its `since`,
and the last snapshot of each workshop, for a screen that missed too much.

The ring is fed by what this process delivers to its own sockets, not by what it publishes: with
several workers each one receives every change through the message queue, so each ring holds every
change, whichever worker wrote it. A gap the ring cannot fill (too old, or before this process started)
answers None, and the screen gets a snapshot instead.
"""

import threading
import time
from collections import OrderedDict, deque

# Changes kept per room: a Wi-Fi blip of a few minutes on a busy board.
KEEP = 300
# Rooms kept: every workshop of a forum day, each with its three audiences, with room to spare.
ROOMS = 300
# Seconds a workshop's snapshot serves the phones and screens that ask at the same change number: a
# room's phones coming back together (after a restart, or away too long) read the board once, not once
# each. Kept short: a change made outside Kiosk's writes (by hand in the database) shows soon all the same.
SHARED_FOR = 2.0


class Ring:
    """The last KEEP change messages ({seq, prev, events}) of each room, in order of their numbers."""

    def __init__(self, keep=KEEP, rooms=ROOMS):
        self.keep = keep
        self.rooms_kept = rooms
        self.rooms = OrderedDict()
        self.lock = threading.Lock()

    def heard(self, room, message):
        """Keep a change delivered to `room` (one the ring already holds is ignored)."""
        with self.lock:
            kept = self.rooms.get(room)
            if kept is None:
                kept = self.rooms[room] = deque()
                while len(self.rooms) > self.rooms_kept:
                    self.rooms.popitem(last=False)
            self.rooms.move_to_end(room)
            if kept and kept[-1]["seq"] >= message["seq"]:
                # Out of order (two workers' changes crossing in the queue): put it in its place.
                if any(m["seq"] == message["seq"] for m in kept):
                    return
                ordered = sorted([*kept, message], key=lambda m: m["seq"])
                kept.clear()
                kept.extend(ordered)
            else:
                kept.append(message)
            while len(kept) > self.keep:
                kept.popleft()

    def since(self, room, since, latest):
        """The changes after `since`, up to `latest` at least, each following the one before; None if one
        of those is missing.

        Kept changes newer than `latest` come too, as far as they follow on: a screen reads `latest`
        before it joins its room, and a change delivered in between reached the ring but not the screen.
        Past a missing one (two workers' changes crossing), the screen gets the rest live, or asks."""
        with self.lock:
            kept = list(self.rooms.get(room, ()))
        missed = []
        last = since
        for message in (m for m in kept if since < m["seq"]):
            if message["prev"] > last:
                break
            missed.append(message)
            last = message["seq"]
        return missed if last >= latest else None

    def told_nothing(self, room, since, latest):
        """Whether the ring holds every change of `room` after `since` up to `latest`, and none of them
        had anything to say to it (a check-in says nothing to a shared screen: its counts come apart)."""
        missed = self.since(room, since, latest)
        return missed is not None and not any(m["events"] for m in missed if m["seq"] <= latest)


class Snapshots:
    """The last snapshot every phone and shared screen of a workshop was shown, with the workshop's change
    number as it was just before the snapshot was read. Every write moves that number on: while it stays
    the same, the snapshot holds every change up to it, and is what a new read would give. A later number
    may be given the same board when the changes in between said nothing to the screens (check-ins)."""

    def __init__(self, keep_for=SHARED_FOR):
        self.keep_for = keep_for
        self.kept = {}
        self.lock = threading.Lock()

    def at(self, workshop_id, seq, read, carry=None):
        """The snapshot of a workshop now at change `seq`: the one kept less than `keep_for` seconds ago,
        if kept at that number or if `carry(state, kept_seq)` brings it to this one (None when it cannot),
        else `read()`; kept for the next ones. Never to be changed in place."""
        now = time.monotonic()
        with self.lock:
            kept = self.kept.get(workshop_id)
        if kept is not None and now - kept[1] < self.keep_for:
            kept_seq, read_at, state = kept
            if kept_seq == seq:
                return state
            if kept_seq < seq and carry is not None and (state := carry(state, kept_seq)) is not None:
                with self.lock:
                    if self.kept.get(workshop_id) is kept:
                        # Still as old as the read it came from: a change made outside Kiosk shows soon.
                        self.kept[workshop_id] = (seq, read_at, state)
                return state
        state = read()
        with self.lock:
            for old in [w for w, (_seq, at, _state) in self.kept.items() if now - at >= self.keep_for]:
                del self.kept[old]
            self.kept[workshop_id] = (seq, now, state)
        return state


def listen(manager, ring, event="change"):
    """Feed `ring` with every `event` this process delivers through Socket.IO's client manager."""
    # A message-queue manager delivers in `_handle_emit` what any worker emitted (its own emits too);
    # the plain manager delivers in `emit`.
    name = "_handle_emit" if hasattr(manager, "_handle_emit") else "emit"
    deliver = getattr(manager, name)

    if name == "_handle_emit":

        def delivering(message, *args, **kwargs):
            if message.get("event") == event and message.get("room"):
                ring.heard(message["room"], _unwrapped(message.get("data")))
            return deliver(message, *args, **kwargs)

    else:

        def delivering(sent, data, *args, **kwargs):
            room = kwargs.get("to") or kwargs.get("room") or (args[1] if len(args) > 1 else None)
            if sent == event and isinstance(room, str):
                ring.heard(room, _unwrapped(data))
            return deliver(sent, data, *args, **kwargs)

    setattr(manager, name, delivering)


def _unwrapped(data):
    # Socket.IO carries an event's arguments as a list or a tuple.
    return data[0] if isinstance(data, list | tuple) and len(data) == 1 else data
