"""``tisserand twofactor_code IDENTIFIANT``: a one-time enrolment code for the second
factor, for the first direction account (nobody can give it one in the application) or a
direction that lost its phone. Replaces the account's second factor."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tisserand.accounts import services


class Command(BaseCommand):
    help = _(
        "Donne un code d'activation à usage unique de la double authentification à un "
        "compte (la double authentification actuelle du compte est retirée)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("identifiant du compte"))

    def handle(self, *args, username, **options):
        User = get_user_model()
        user = User._default_manager.filter(
            **{f"{User.USERNAME_FIELD}__iexact": username.strip()}
        ).first()
        if user is None:
            raise CommandError(_("Aucun compte ne porte cet identifiant."))
        code = services.enrolment_code_issue(user=user)
        self.stdout.write(
            _(
                "Code d'activation pour %(username)s (à usage unique, valable %(days)s "
                "jours) : %(code)s"
            )
            % {"username": user.get_username(), "days": services.enrolment_days(),
               "code": code}
        )
