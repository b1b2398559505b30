"""Appointment reminders, sent the day before (``tisserand send_reminders``, docs/rappels.md).

- ``selectors``: the booked appointments of a day that may get a reminder (one query);
- ``messages``: which channel and address, and the short French text;
- ``backends``: where the message goes (outbox file, console, email, SMS provider);
- ``services``: the run, safe to repeat and to run twice at once: each appointment is
  claimed by creating its ``Reminder`` row (one per appointment) before anything is sent.
"""
