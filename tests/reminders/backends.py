"""Email backends that fail like a mail server does (the one mock the rules allow)."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusingBackend(LocmemBackend):
    """Refuses messages to the addresses in ``refuse`` (class-level, set by the test);
    delivers the others to django.core.mail.outbox."""

    refuse: set[str] = set()

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refuse:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"mailbox unavailable")})
        return super().send_messages(messages)


class DownOnceBackend(LocmemBackend):
    """The mail server is down for the first ``failures`` messages, then works."""

    failures = 0

    def send_messages(self, messages):
        if DownOnceBackend.failures > 0:
            DownOnceBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
