"""Forms of the user management screens (direction only). Writes go through
``tisserand.accounts.users``; a refused write becomes form errors and saves nothing."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tisserand.accounts import services, users
from tisserand.core.forms import ServiceFormMixin
from tisserand.core.roles import ROLE_LABELS

ROLE_HELP = _(
    "Les rôles se cumulent. Direction : tout, y compris les utilisateurs. Coordination : "
    "tout sauf les utilisateurs et la sécurité. Accueil : habitants, foyers, adhésions. "
    "Animateur : ses ateliers. Médiation / CESF : habitants et foyers. Comptable : foyers, "
    "adhésions, rapport. Bénévole : ses séances, noms seulement. Administrateur : rapport "
    "et chiffres, aucune donnée personnelle."
)


class _UserForm(ServiceFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(label=_("Courriel"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Rôles"),
        choices=list(ROLE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        help_text=ROLE_HELP,
        error_messages={"required": _("Choisissez au moins un rôle.")},
    )



class UserCreateForm(_UserForm):
    username = forms.CharField(
        label=_("Identifiant de connexion"),
        max_length=150,
        validators=[get_user_model().username_validator],
        help_text=_("Lettres, chiffres et @ . + - _ seulement ; par exemple prenom.nom."),
    )
    password = forms.CharField(
        label=_("Mot de passe initial"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Laissez vide pour qu'un mot de passe soit créé : il sera affiché une seule fois."
        ),
    )
    field_order = ["username", "first_name", "last_name", "email", "roles", "password"]

    enrolment_code = ""

    def submit(self):
        """``(user, generated_password)`` or ``None`` when refused. The account also gets
        its one-time enrolment code for the second factor (``enrolment_code``)."""
        data = self.cleaned_data

        @transaction.atomic
        def create():
            user, generated = users.user_create(
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                roles=data["roles"],
                password=data["password"],
            )
            self.enrolment_code = services.enrolment_code_issue(user=user)
            return user, generated

        return self._run(create)


class UserUpdateForm(_UserForm):
    is_active = forms.BooleanField(
        label=_("Compte actif"),
        required=False,
        help_text=_(
            "Décochez pour empêcher toute connexion. Un compte n'est jamais supprimé : le "
            "journal des accès garde la trace de ce qu'il a fait."
        ),
    )
    password = forms.CharField(
        label=_("Nouveau mot de passe"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Laissez vide pour garder le mot de passe actuel."),
    )
    reset_two_factor = forms.BooleanField(
        label=_("Nouveau code d'activation de la double authentification"),
        required=False,
        help_text=_(
            "Téléphone perdu ou changé : la double authentification actuelle est retirée et "
            "un code à usage unique est affiché une seule fois, pour enregistrer le nouveau "
            "téléphone."
        ),
    )
    enrolment_code = ""

    def __init__(self, *args, user, by, **kwargs):
        self.user = user
        self.by = by
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "roles": users.user_role_names(user),
                "is_active": user.is_active,
            },
        )
        super().__init__(*args, **kwargs)

    def submit(self):
        data = self.cleaned_data

        @transaction.atomic
        def update():
            user = users.user_update(
                user=self.user,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                roles=data["roles"],
                is_active=data["is_active"],
                password=data["password"],
                by=self.by,
            )
            if data.get("reset_two_factor"):
                self.enrolment_code = services.enrolment_code_issue(user=user, by=self.by)
            return user

        return self._run(update)
