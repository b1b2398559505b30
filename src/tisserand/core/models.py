"""The centre itself and its reference data: places, social project, sectors, partners
and the people who run the activities (staff, volunteers, external facilitators)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tisserand.core.limits import LimitedTextField
from tisserand.core.phones import validate_phone


class Centre(models.Model):
    """The centre social using this installation (one per installation)."""

    name = models.CharField(_("nom"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    neighbourhood = models.CharField(_("quartier"), max_length=200, blank=True)
    phone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("courriel"), blank=True)
    caf_approval_start = models.DateField(_("début de l'agrément CAF"), null=True, blank=True)
    caf_approval_end = models.DateField(_("fin de l'agrément CAF"), null=True, blank=True)
    records_start = models.DateField(
        _("données complètes depuis le"), null=True, blank=True,
        help_text=_(
            "Date à partir de laquelle toutes les séances et présences sont saisies dans "
            "Tisserand : le rapport ne compare pas avec une période qui commence avant."
        ),
    )
    # The cover of the yearly report: the centre's logo and a photo, as image bytes (PNG
    # or JPEG), kept in the database so that a backup carries them.
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    cover_photo = models.BinaryField(_("photo de couverture"), null=True, blank=True,
                                     editable=False)
    regular_share = models.PositiveSmallIntegerField(
        _("seuil des participants réguliers (%)"), default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Part des séances d'un atelier où une personne est venue pour être "
                    "comptée comme régulière."),
    )

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A room of the centre or a place outside; sessions held outside are *hors les murs*."""

    name = models.CharField(_("nom"), max_length=200, unique=True)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    is_outreach = models.BooleanField(
        _("hors les murs"),
        default=False,
        help_text=_("Lieu extérieur au centre : ses séances comptent « hors les murs »."),
    )

    class Meta:
        ordering = ["is_outreach", "name"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")

    def __str__(self) -> str:
        return self.name


class SocialProject(models.Model):
    """The *projet social*: the multi-year plan approved by the CAF."""

    title = models.CharField(_("intitulé"), max_length=200)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("projet social")
        verbose_name_plural = _("projets sociaux")

    def __str__(self) -> str:
        return self.title


class Orientation(models.Model):
    """An orientation (axe) of the social project, which actions answer to."""

    social_project = models.ForeignKey(
        SocialProject, on_delete=models.CASCADE, related_name="orientations",
        verbose_name=_("projet social"),
    )
    title = models.CharField(_("intitulé"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["social_project_id", "position", "id"]
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")

    def __str__(self) -> str:
        return self.title


class Sector(models.Model):
    name = models.CharField(_("nom"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    description = LimitedTextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("École, collège")
        EHPAD = "ehpad", _("EHPAD, résidence")
        ASSOCIATION = "association", _("Association")
        INSTITUTION = "institution", _("Institution, collectivité")
        COMPANY = "company", _("Entreprise, commerce")
        OTHER = "other", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    notes = LimitedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def __str__(self) -> str:
        return self.name


class Contributor(models.Model):
    """Someone who runs activities: staff, volunteer or external facilitator."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Salarié")
        VOLUNTEER = "volunteer", _("Bénévole")
        FACILITATOR = "facilitator", _("Intervenant extérieur")

    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    kind = models.CharField(_("statut"), max_length=20, choices=Kind.choices)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="contributors", verbose_name=_("structure d'origine"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="contributor", verbose_name=_("compte utilisateur"),
    )
    phone = models.CharField(
        _("téléphone"), max_length=30, blank=True, validators=[validate_phone]
    )
    email = models.EmailField(_("courriel"), blank=True)
    start_date = models.DateField(_("arrivée"), null=True, blank=True)
    end_date = models.DateField(_("départ"), null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("intervenant")
        verbose_name_plural = _("salariés, bénévoles et intervenants")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CancellationReason(models.Model):
    """Why sessions were cancelled (lockdown, staff absence, weather...), for the report."""

    label = models.CharField(_("motif"), max_length=200, unique=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("motif d'annulation")
        verbose_name_plural = _("motifs d'annulation")

    def __str__(self) -> str:
        return self.label
