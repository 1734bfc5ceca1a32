"""The mentorship agreement: each role's part in its modal, the combined agreement posted and
pinned once both are in, the mentee's goals, and the one reminder for a missing part."""
