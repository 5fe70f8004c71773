"""The outbox: every email and text, written in the same transaction as the event that caused it, then
sent by the worker at most once, with retries and backoff and each outcome recorded for an admin.

``notices.send`` queues a person's copy (and a cadet's guardian's) by the channel they chose;
``notices.send_to_address`` queues an email for someone with no account. ``delivery.send_due`` sends.
"""
