"""Screens that write the programme, for the coordination and the direction: an action
(with its partners in their roles) and an atelier (with its weekly slots)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from tisserand.activities.models import Action, Activity
from tisserand.activities.programme_forms import (
    ActionForm,
    ActivityForm,
    PartnershipFormSet,
    SlotFormSet,
    partnership_initial,
    slot_initial,
)

PARTNERS_PREFIX, SLOTS_PREFIX = "partenaires", "creneaux"


def _action_page(request, action: Action | None):
    data = request.POST or None
    form = ActionForm(data, instance=action or Action())
    partners = PartnershipFormSet(data, prefix=PARTNERS_PREFIX,
                                  initial=partnership_initial(action))
    if request.method == "POST" and all([form.is_valid(), partners.is_valid()]) and (
        saved := form.submit(partners.partnerships())
    ):
        messages.success(request, _("Action « %(name)s » enregistrée.") % {"name": saved})
        return redirect("action_detail", pk=saved.pk)
    return render(request, "activities/action_form.html",
                  {"form": form, "partners": partners, "action": action})


def action_create(request):
    return _action_page(request, None)


def action_update(request, pk):
    return _action_page(request, get_object_or_404(Action, pk=pk))


def _activity_page(request, action: Action, activity: Activity | None):
    data = request.POST or None
    form = ActivityForm(data, instance=activity or Activity(action=action))
    slots = SlotFormSet(data, prefix=SLOTS_PREFIX, initial=slot_initial(activity))
    if request.method == "POST" and all([form.is_valid(), slots.is_valid()]) and (
        saved := form.submit(action=action, slots=slots.slots())
    ):
        messages.success(request, _("Atelier « %(name)s » enregistré.") % {"name": saved})
        return redirect("activity_detail", pk=saved.pk)
    return render(request, "activities/activity_form.html",
                  {"form": form, "slots": slots, "action": action, "activity": activity})


def activity_create(request, action_pk):
    return _activity_page(request, get_object_or_404(Action, pk=action_pk), None)


def activity_update(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("action"), pk=pk)
    return _activity_page(request, activity.action, activity)
