"""Check-ins: planning each member's prompts, sending them through the outbox, and answers."""
