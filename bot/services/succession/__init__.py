"""Succession: the role each mentee is preparing for and its capability areas (in the
agreement and `/mentor role`; the program's list in `/mentor areas`), the knowledge-transfer
log (`/mentor handover` and the message shortcut), monthly readiness rounds rated blind by
both sides and revealed side by side, the "ready for the role" milestone, and the readiness
section of `/mentor status`."""
