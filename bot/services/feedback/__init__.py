"""Feedback between partners: nudges every few check-in rounds (and a reminder), the
Situation-Behaviour-Impact modal, rounds whose feedback is revealed together, delivery to
the partner's DM only, the receiver's answer and private note, and the mentee's monthly
self-assessment of their goals."""
