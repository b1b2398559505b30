"""User management screens: list, create, update (roles, deactivation). Direction only, as
the permission matrix says (``tisserand.core.permissions``)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tisserand.accounts import services, users
from tisserand.accounts.users_forms import UserCreateForm, UserUpdateForm


def _shown_once(request, user, *, password="", code="", created=True):
    """The page that shows a generated password and an enrolment code, once."""
    response = render(
        request,
        "accounts/user_created.html",
        {
            "new_user": user,
            "password": password,
            "enrolment_code": code,
            "created": created,
            "enrolment_days": services.enrolment_days(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def user_list(request):
    return render(request, "accounts/user_list.html", {"rows": users.user_list()})


def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (created := form.submit()):
        user, generated = created
        # Shown once, on this page only: never in a message, a log or an email.
        return _shown_once(request, user, password=generated, code=form.enrolment_code)
    return render(
        request, "accounts/user_form.html", {"form": form}, status=400 if form.errors else 200
    )


def user_update(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    form = UserUpdateForm(request.POST or None, user=user, by=request.user)
    if request.method == "POST" and form.is_valid() and form.submit():
        if form.enrolment_code:
            return _shown_once(request, user, code=form.enrolment_code, created=False)
        messages.success(
            request,
            _("Le compte %(username)s est enregistré.") % {"username": user.username},
        )
        return redirect("user_list")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "edited": user},
        status=400 if form.errors else 200,
    )
