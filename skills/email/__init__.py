"""Email triage: OS¹ goes through your mail and tells you what matters.

The mailbox is a local Maildir by default, or an IMAP account; replies go out over SMTP after you
confirm them. Triage is a pure function (:mod:`._triage`); the index is SQLite in the skill's
data directory. Meeting invitations are accepted into, declined from and cancelled out of the
person's calendar through the scheduling package's public functions (:mod:`._invitations`).
See docs/readme-email.md.
"""

from ._skill import EmailSkill

__all__ = ["EmailSkill"]
