"""The backup passphrase: from ``TISSERAND_BACKUP_PASSPHRASE`` (cron), else asked on the
terminal (twice when it seals a new backup). Never echoed, never logged."""

import getpass
import os
import sys

from django.core.management.base import CommandError

ENVIRONMENT_VARIABLE = "TISSERAND_BACKUP_PASSPHRASE"


def backup_passphrase(*, confirm: bool) -> str:
    passphrase = os.environ.get(ENVIRONMENT_VARIABLE)
    if passphrase:
        return passphrase
    if not sys.stdin.isatty():
        raise CommandError(
            f"Phrase secrète des sauvegardes manquante : définissez {ENVIRONMENT_VARIABLE} "
            "ou lancez la commande dans un terminal."
        )
    passphrase = getpass.getpass("Phrase secrète des sauvegardes : ")
    if confirm and getpass.getpass("La même, une seconde fois : ") != passphrase:
        raise CommandError("Les deux phrases secrètes diffèrent : rien n'a été écrit.")
    return passphrase
