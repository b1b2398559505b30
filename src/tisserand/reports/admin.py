"""The evaluation grid, the sheets and the centre sections in the Django admin."""

from django.contrib import admin

from tisserand.reports.models import (
    Answer,
    CentreSection,
    EvaluationGrid,
    EvaluationQuestion,
    EvaluationSheet,
)


class EvaluationQuestionInline(admin.TabularInline):
    model = EvaluationQuestion
    extra = 1
    fields = ["position", "text", "draft"]


@admin.register(EvaluationGrid)
class EvaluationGridAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [EvaluationQuestionInline]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fields = ["question", "text"]
    autocomplete_fields = ["question"]


@admin.register(EvaluationQuestion)
class EvaluationQuestionAdmin(admin.ModelAdmin):
    """Needed for the answers' question autocompletion; edit questions from their grid."""

    list_display = ["position", "text", "grid", "draft"]
    list_filter = ["grid"]
    search_fields = ["text"]

    def has_module_permission(self, request):
        return False


@admin.register(EvaluationSheet)
class EvaluationSheetAdmin(admin.ModelAdmin):
    list_display = ["action", "year", "grid", "updated_at"]
    list_filter = ["year", "grid"]
    search_fields = ["action__name"]
    ordering = ["-year", "action__position", "action__name"]
    autocomplete_fields = ["action"]
    list_select_related = ["action", "grid"]
    inlines = [AnswerInline]


@admin.register(CentreSection)
class CentreSectionAdmin(admin.ModelAdmin):
    list_display = ["year", "position", "title"]
    list_display_links = ["title"]
    list_filter = ["year"]
    search_fields = ["title", "text"]
