"""Logouts go to the trail. Logins and failed logins are recorded by the login views of
``tisserand.accounts`` through ``log_login`` (they know the second-factor step)."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from tisserand.audit.models import AuditEntry
from tisserand.audit.services import log_action


@receiver(user_logged_out, dispatch_uid="tisserand_audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None and user.is_authenticated:
        log_action(action=AuditEntry.Action.LOGOUT, obj=user, actor=user)
