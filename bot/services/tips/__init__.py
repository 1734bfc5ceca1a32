"""Tips and coaching: the tips library (prompts/tips/), each pair's tip slots in the
mentee's time zone at the program's tip rhythm (the `tips` sweeps, kind `tip`) with a
rotation that repeats nothing before the library is exhausted and picks themes by the pair's
stage and signals; a mentor's private coaching after the mentee's trust pulse fell (the
`coaching` sweep, kind `coaching_tip`, at most one a week); `/mentor tip` and sharing a tip
to the pair channel."""
