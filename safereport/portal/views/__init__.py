"""Victim-facing pages: `pages` (information, contact, coming back, the
conversation, visits) and `mine` (the person's own data: consents, what was
shared, who opened the record, a copy, the private note, removal)."""
