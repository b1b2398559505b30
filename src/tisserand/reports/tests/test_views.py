"""Screens of the report: preview and downloads, evaluation sheets, centre sections."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tisserand.activities.models import Attendance, Session
from tisserand.activities.selectors import default_report_year
from tisserand.core.models import Contributor
from tisserand.reports.models import Answer, CentreSection, EvaluationQuestion, EvaluationSheet
from tisserand.reports.services import answer_save, centre_section_save, sheet_open
from tisserand.testing.factories import ContributorFactory, HouseholdFactory, PersonFactory
from tisserand.testing.system import require_pdf

pytestmark = pytest.mark.django_db

OPENING, PUBLIC, VOLUNTEERS, PARTNERS, HIGHLIGHTS = 5, 6, 11, 12, 13


def question(sheet, position) -> EvaluationQuestion:
    return sheet.grid.questions.get(position=position)


def field(sheet, position) -> str:
    return f"answer-{question(sheet, position).pk}"


def sheet_url(world, year=2020) -> str:
    return reverse("sheet_edit", args=[year, world["action"].pk])


def page(response) -> str:
    return response.content.decode()


# --- who may ---------------------------------------------------------------------------


def _get_urls(world):
    return [
        reverse("report") + "?annee=2020",
        reverse("report_download", args=["html"]) + "?annee=2020",
        reverse("sheet_list", args=[2020]),
        sheet_url(world),
        reverse("centre_sections", args=[2020]),
    ]


def _post_urls(world):
    sheet = sheet_open(action=world["action"], year=2020)
    return [
        reverse("answer_regenerate", args=[2020, world["action"].pk,
                                           question(sheet, OPENING).pk]),
        reverse("sheet_copy_previous", args=[2020, world["action"].pk]),
        sheet_url(world),
        reverse("centre_sections", args=[2020]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for url in _get_urls(world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    for url in _post_urls(world):
        response = client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("persona", ["accueil_user", "animateur_user", "outsider_user"])
def test_other_roles_are_refused(request, client_for, world, persona):
    client = client_for(request.getfixturevalue(persona))
    for url in _get_urls(world):
        assert client.get(url).status_code == 403, url
    urls = _post_urls(world)
    before = Answer.objects.count()
    for url in urls:
        assert client.post(url, {field(EvaluationSheet.objects.get(), HIGHLIGHTS): "x"}
                           ).status_code == 403, url
    assert Answer.objects.count() == before
    assert not Answer.objects.filter(text="x").exists()


def test_direction_sees_every_screen_and_the_nav_link(client_for, direction_user, world):
    client = client_for(direction_user)
    for url in _get_urls(world):
        assert client.get(url).status_code == 200, url
    nav = page(client.get(reverse("sheet_list", args=[2020])))
    assert f'href="{reverse("report")}"' in nav


def test_the_nav_link_is_hidden_from_other_roles(client_for, accueil_user):
    response = client_for(accueil_user).get(reverse("person_list"))
    assert f'href="{reverse("report")}"' not in page(response)


def test_actions_are_post_only(client_for, direction_user, world):
    client = client_for(direction_user)
    for url in _post_urls(world)[:2]:
        assert client.get(url).status_code == 405


# --- report page -----------------------------------------------------------------------


def test_report_preview_shows_the_figures_of_the_world(client_for, direction_user, world):
    response = client_for(direction_user).get(reverse("report"), {"annee": "2020"})
    html = page(response)
    assert "Rapport d&#x27;activités 2020" in html
    assert "3 (1 en 2019), dont 1 hors les murs" in html
    assert "/static/reports/report.css" in html
    for fmt in ("html", "docx", "pdf"):
        assert reverse("report_download", args=[fmt]) + "?annee=2020" in html
    assert reverse("sheet_list", args=[2020]) in html


def test_report_defaults_to_the_last_complete_year_with_data(
    client_for, direction_user, world, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2022, 3, 1))
    response = client_for(direction_user).get(reverse("report"))
    assert response.context["period"].label == "2020"
    assert 'value="2020"' in page(response)  # the year field shows the default
    assert "3 (1 en 2019), dont 1 hors les murs" in page(response)


def test_default_year_without_data_is_the_current_year(db):
    assert default_report_year(dt.date(2024, 5, 2)) == 2024


def test_default_year_skips_the_current_year(world):
    """Sessions in 2020 only count once 2020 is over."""
    assert default_report_year(dt.date(2020, 10, 1)) == 2019
    assert default_report_year(dt.date(2030, 1, 1)) == 2020


def test_report_for_a_season_and_for_dates(client_for, direction_user, world):
    client = client_for(direction_user)
    html = page(client.get(reverse("report"), {"saison": "2019-2020"}))
    assert "Rapport d&#x27;activités 2019-2020" in html
    assert "Du 1er septembre 2019 au 31 août 2020" in html
    html = page(client.get(reverse("report"), {"du": "2020-01-01", "au": "2020-03-31"}))
    assert "31 mars 2020" in html
    assert "saison=" not in html and "du=2020-01-01&amp;au=2020-03-31" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"saison": "2019-2021"}, "Une saison couvre deux années qui se suivent"),
        ({"saison": "20192020"}, "Saison attendue sous la forme 2019-2020"),
        ({"annee": "deux mille"}, "Année attendue sous la forme 2020"),
        ({"du": "2020-05-01", "au": "2020-01-01"}, "La date de fin précède la date de début"),
        ({"du": "2020-05-01"}, "Indiquez la date de début et la date de fin"),
        ({"du": "31/02/2020", "au": "2020-03-01"}, "Date attendue au format"),
        ({"annee": "2020", "saison": "2019-2020"}, "Choisissez une seule période"),
    ],
)
def test_bad_period_shows_a_french_message(client_for, direction_user, world, query, message):
    response = client_for(direction_user).get(reverse("report"), query)
    assert response.status_code == 400
    assert message in page(response)
    assert "report-cover" not in page(response)  # no preview of a wrong period


# --- downloads -------------------------------------------------------------------------


def test_html_download(client_for, direction_user, world):
    response = client_for(direction_user).get(
        reverse("report_download", args=["html"]), {"annee": "2020"}
    )
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="rapport-activites-2020.html"'
    )
    assert "3 (1 en 2019), dont 1 hors les murs" in page(response)


def test_docx_download_opens_in_python_docx(client_for, direction_user, world):
    response = client_for(direction_user).get(
        reverse("report_download", args=["docx"]), {"saison": "2019-2020"}
    )
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert 'filename="rapport-activites-2019-2020.docx"' in response["Content-Disposition"]
    assert len(response.content) > 5000
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Parents/Enfants" in headings


def test_pdf_download(client_for, direction_user, world):
    require_pdf()
    response = client_for(direction_user).get(
        reverse("report_download", args=["pdf"]), {"annee": "2020"}
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000


def test_download_of_a_date_range_has_an_encoded_filename(client_for, direction_user, world):
    response = client_for(direction_user).get(
        reverse("report_download", args=["html"]), {"du": "2020-01-01", "au": "2020-03-31"}
    )
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]


def test_download_with_a_bad_period_goes_back_to_the_form(client_for, direction_user, world):
    client = client_for(direction_user)
    response = client.get(reverse("report_download", args=["docx"]), {"saison": "2019-2021"})
    assert response.status_code == 302
    assert response["Location"] == reverse("report") + "?saison=2019-2021"
    assert client.get(reverse("report_download", args=["odt"]),
                      {"annee": "2020"}).status_code == 404


# --- sheets ----------------------------------------------------------------------------


def test_sheet_list_shows_each_action_and_its_progress(client_for, direction_user, world):
    client = client_for(direction_user)
    html = page(client.get(reverse("sheet_list", args=[2020])))
    assert "Adultes et familles" in html and "Parents/Enfants" in html
    assert "fiche non commencée" in html
    assert sheet_url(world) in html
    assert reverse("centre_sections", args=[2020]) in html

    sheet = sheet_open(action=world["action"], year=2020)
    answer_save(sheet=sheet, question=question(sheet, HIGHLIGHTS), text="La fête.")
    answered = sheet.answers.exclude(text="").count()
    html = page(client.get(reverse("sheet_list", args=[2020])))
    assert f"{answered} / 13" in html
    assert "<td data-label=\"Séances réalisées\">3</td>" in html


def test_sheet_list_query_count_is_bounded(
    client_for, direction_user, world, django_assert_max_num_queries
):
    client = client_for(direction_user)
    client.get(reverse("sheet_list", args=[2020]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("sheet_list", args=[2020]))
    assert response.status_code == 200
    assert "<td data-label=\"Séances réalisées\">3</td>" in response.content.decode()


def test_sheet_edit_opens_the_sheet_with_figures_drafts_and_suggestions(
    client_for, direction_user, world
):
    volunteer = Contributor.objects.get(kind=Contributor.Kind.VOLUNTEER)
    response = client_for(direction_user).get(sheet_url(world))
    html = page(response)
    sheet = EvaluationSheet.objects.get(action=world["action"], year=2020)
    # The preview of what the report prints for the action (its figure set).
    figures = {f.label: f.value for f in response.context["overview"].figures}
    assert figures["Séances réalisées"] == "3 (1 en 2019), dont 1 hors les murs"
    assert figures["Séances annulées"] == "1 (confinement\u00a0: 1)"
    assert figures["Personnes différentes"] == "5 (1 en 2019)"
    assert "<th scope=\"row\">Présences</th>" in html
    # the opening and public answers are drafted from the data
    opening = sheet.answers.get(question__position=OPENING).text
    assert opening.startswith("- X : 2 séances, dont 1 hors les murs")
    assert f">{opening}</textarea>" in html
    # volunteers and partners: suggestions beside an empty answer
    rows = {row.question.position: row for row in response.context["rows"]}
    assert rows[VOLUNTEERS].text == ""
    assert volunteer.last_name in rows[VOLUNTEERS].suggestions
    assert "École A" in rows[PARTNERS].suggestions
    assert "Suggestions" in html and "École A" in html
    regenerate = reverse("answer_regenerate", args=[2020, world["action"].pk,
                                                    question(sheet, OPENING).pk])
    assert f'hx-post="{regenerate}"' in html
    assert f'hx-post="{reverse("answer_regenerate", args=[2020, world["action"].pk, question(sheet, HIGHLIGHTS).pk])}"' not in html  # noqa: E501
    assert "Copier les réponses de 2019" in html


def test_sheet_edit_saves_the_answers_shown_in_the_report(client_for, direction_user, world):
    client = client_for(direction_user)
    client.get(sheet_url(world))
    sheet = EvaluationSheet.objects.get()
    data = {f"answer-{a.question_id}": a.text for a in sheet.answers.all()}
    data[field(sheet, HIGHLIGHTS)] = "Une sortie à la mer :\n\n- 40 habitants ;\n- un pique-nique."
    data[field(sheet, 1)] = "  Un temps partagé entre parents et enfants.  "
    response = client.post(sheet_url(world), data, follow=True)
    assert "Fiche enregistrée (2 réponses modifiées)." in page(response)
    assert sheet.answers.get(question__position=1).text == (
        "Un temps partagé entre parents et enfants."
    )
    report = page(client.get(reverse("report"), {"annee": "2020"}))
    assert "<li>40 habitants ;</li>" in report.replace("\u202f", " ")
    assert "Un temps partagé entre parents et enfants." in report


def test_sheet_edit_keeps_the_posted_text_on_error(client_for, direction_user, world):
    client = client_for(direction_user)
    client.get(sheet_url(world))
    sheet = EvaluationSheet.objects.get()
    before = dict(sheet.answers.values_list("question_id", "text"))
    data = {
        field(sheet, 1): "Mon texte tapé avec soin",
        field(sheet, HIGHLIGHTS): "x" * 20_001,
    }
    response = client.post(sheet_url(world), data)
    assert response.status_code == 400
    html = page(response)
    assert "Ce texte est trop long : 20\u202f001 caractères pour 20\u202f000 au plus." in html
    assert "Mon texte tapé avec soin</textarea>" in html
    assert dict(sheet.answers.values_list("question_id", "text")) == before


def test_regenerate_returns_the_new_draft_fragment(client_for, direction_user, world):
    client = client_for(direction_user)
    sheet = sheet_open(action=world["action"], year=2020)
    opening = question(sheet, OPENING)
    draft = sheet.answers.get(question=opening).text
    answer_save(sheet=sheet, question=opening, text="Texte à remplacer")
    url = reverse("answer_regenerate", args=[2020, world["action"].pk, opening.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    html = page(response)
    assert response.status_code == 200
    assert "<html" not in html
    assert html.startswith(f'<div class="answer-field" id="answer-{opening.pk}">')
    assert f"{draft}</textarea>" in html.replace("&#x27;", "'")
    assert sheet.answers.get(question=opening).text == draft


def test_regenerate_without_htmx_redirects_with_a_message(client_for, direction_user, world):
    client = client_for(direction_user)
    sheet = sheet_open(action=world["action"], year=2020)
    opening = question(sheet, OPENING)
    answer_save(sheet=sheet, question=opening, text="Texte à remplacer")
    url = reverse("answer_regenerate", args=[2020, world["action"].pk, opening.pk])
    response = client.post(url, follow=True)
    assert "Réponse régénérée à partir des données." in page(response)
    assert sheet.answers.get(question=opening).text != "Texte à remplacer"


def test_regenerate_refuses_a_question_without_draft(client_for, direction_user, world):
    client = client_for(direction_user)
    sheet = sheet_open(action=world["action"], year=2020)
    url = reverse("answer_regenerate", args=[2020, world["action"].pk,
                                             question(sheet, HIGHLIGHTS).pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "pas de brouillon automatique" in page(response)
    assert not sheet.answers.filter(question__position=HIGHLIGHTS).exists()


def test_copy_previous_year(client_for, direction_user, world):
    client = client_for(direction_user)
    last_year = sheet_open(action=world["action"], year=2019)
    answer_save(sheet=last_year, question=question(last_year, HIGHLIGHTS),
                text="Le carnaval du quartier.")
    sheet_open(action=world["action"], year=2020)
    url = reverse("sheet_copy_previous", args=[2020, world["action"].pk])
    response = client.post(url, follow=True)
    html = page(response)
    assert "1 réponse copiée depuis 2019." in html
    assert "Le carnaval du quartier.</textarea>" in html
    assert Answer.objects.get(sheet__year=2020, question__position=HIGHLIGHTS).text == (
        "Le carnaval du quartier."
    )
    response = client.post(url, follow=True)
    assert "Aucune réponse copiée" in page(response)


def test_copy_previous_year_without_a_sheet_says_so(client_for, direction_user, world):
    response = client_for(direction_user).post(
        reverse("sheet_copy_previous", args=[2020, world["action"].pk]), follow=True
    )
    assert "Il n&#x27;y a pas de fiche 2019 pour cette action." in page(response)


def test_sheet_of_an_unknown_action_is_not_found(client_for, direction_user, world):
    client = client_for(direction_user)
    assert client.get(reverse("sheet_edit", args=[2020, 9999])).status_code == 404
    assert client.get(reverse("sheet_edit", args=[1, world["action"].pk])).status_code == 404
    assert not EvaluationSheet.objects.exists()


def _count_sheet_page_queries(client, url, django_assert_max_num_queries, budget=56):
    with django_assert_max_num_queries(budget) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_sheet_edit_query_count_is_bounded_and_does_not_grow(
    client_for, direction_user, world, django_assert_max_num_queries
):
    client = client_for(direction_user)
    url = sheet_url(world)
    client.get(url)  # creates the sheet
    small = _count_sheet_page_queries(client, url, django_assert_max_num_queries)
    sessions = list(Session.objects.filter(status=Session.Status.HELD))
    for _ in range(10):
        household = HouseholdFactory()
        for person in PersonFactory.create_batch(3, household=household):
            Attendance.objects.bulk_create(Attendance(session=s, person=person) for s in sessions)
    volunteer = ContributorFactory(kind=Contributor.Kind.VOLUNTEER)
    for session in sessions:
        session.facilitators.add(volunteer)
    assert _count_sheet_page_queries(client, url, django_assert_max_num_queries) == small


# --- centre sections -------------------------------------------------------------------


def section_data(rows: list[dict], initial: int) -> dict:
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(initial),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


DEFAULT_TITLES = ["Vie associative", "Ressources humaines", "Communication",
                  "Actions de l'année", "Formations", "Aspects budgétaires"]


def test_centre_sections_suggest_the_usual_titles(client_for, direction_user):
    response = client_for(direction_user).get(reverse("centre_sections", args=[2020]))
    titles = [form.initial["title"] for form in response.context["formset"]]
    assert titles == DEFAULT_TITLES
    assert 'value="Ressources humaines"' in page(response)


def test_centre_sections_are_saved_and_shown_in_the_report(client_for, direction_user, world):
    client = client_for(direction_user)
    rows = [{"title": t, "position": str(i), "text": ""} for i, t in
            enumerate(DEFAULT_TITLES, start=1)]
    rows[0]["text"] = "Le conseil d'administration s'est réuni 6 fois."
    rows[2]["title"] = "Communication et site"
    rows[2]["text"] = "- une lettre mensuelle\n- un site"
    response = client.post(
        reverse("centre_sections", args=[2020]), section_data(rows, 6), follow=True
    )
    assert "Vie du centre 2020 enregistrée (2 parties modifiées)." in page(response)
    assert list(CentreSection.objects.values_list("title", "position")) == [
        ("Vie associative", 1), ("Communication et site", 3),
    ]
    report = page(client.get(reverse("report"), {"annee": "2020"}))
    assert "<h3>Communication et site</h3>" in report
    assert "<li>une lettre mensuelle</li>" in report
    assert "Ressources humaines" not in report  # no text, not created


def test_centre_sections_rename_and_delete(client_for, direction_user):
    client = client_for(direction_user)
    kept = centre_section_save(year=2020, title="Comunication", text="Lettre.", position=1)
    gone = centre_section_save(year=2020, title="Formations", text="BAFA.", position=2)
    rows = [
        {"section": str(kept.pk), "title": "Communication", "position": "1", "text": "Lettre."},
        {"section": str(gone.pk), "title": "Formations", "position": "2", "text": "BAFA.",
         "DELETE": "on"},
        {"section": "", "title": "Aspects budgétaires", "position": "3", "text": "Budget."},
    ]
    client.post(reverse("centre_sections", args=[2020]), section_data(rows, 2))
    assert list(CentreSection.objects.values_list("pk", "title")) == [
        (kept.pk, "Communication"), (CentreSection.objects.get(title__startswith="Asp").pk,
                                     "Aspects budgétaires"),
    ]


def test_centre_sections_refuse_a_duplicate_title_and_change_nothing(client_for, direction_user):
    client = client_for(direction_user)
    section = centre_section_save(year=2020, title="Vie associative", text="CA.", position=1)
    rows = [
        {"section": str(section.pk), "title": "Vie associative", "position": "1",
         "text": "Texte modifié"},
        {"section": "", "title": "vie associative", "position": "2", "text": "Doublon"},
    ]
    response = client.post(reverse("centre_sections", args=[2020]), section_data(rows, 1))
    assert response.status_code == 400
    assert "Deux parties portent le titre" in page(response)
    assert "Texte modifié</textarea>" in page(response)
    assert list(CentreSection.objects.values_list("title", "text")) == [("Vie associative", "CA.")]


def test_centre_section_text_without_title_is_refused(client_for, direction_user):
    rows = [{"section": "", "title": "", "position": "1", "text": "Un texte"}]
    response = client_for(direction_user).post(
        reverse("centre_sections", args=[2020]), section_data(rows, 0)
    )
    assert "Donnez un titre à cette partie." in page(response)
    assert not CentreSection.objects.exists()
