"""A person's rights over their data: `/mentor my-data` (everything Tandem stores about them,
as a JSON file in their DM), `/mentor forget-me` (a confirmation modal, then every feature
erases its part, live pairs end and the owners hear that a member left the program), and the
daily `retention` sweep that clears reflection texts older than the program keeps them.

Each feature says what it stores about people in its `Feature(personal=...)` hook
(bot/personal.py); this package only puts the parts together, in the order of
bot/features.py. It owns the outbox's part (messages planned for the person).
"""
