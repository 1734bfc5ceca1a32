"""CSV imports of pairs: `/mentor import` and `tandem pairs import` check every row, add the
valid ones on confirmation, set up each channel in the background through the outbox, and
keep the owner's progress message and summary current."""
