"""Pairs: `/mentor pair` (a pair and its channel, set up completely or not at all), finding
pairs, the owner's list, ending and resuming, and pausing (the one path for owners, members
and departures) with `/mentor pause` / `resume`."""
