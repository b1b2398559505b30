"""The activity figures of the real 2020 report (``shared/seed/000_dcf0275bcd7b948a.txt``),
written down one by one, each with where Tisserand states it in the report it computes
for the demo centre.

Every number of the real report that describes activity is here: sessions, days and
hours, months, persons, families, fathers, ages, regulars, schools and classes,
appointments, volunteers. A figure Tisserand does not compute says why (``missing``).

``where``: ``""`` for the action's figure lines; an atelier's name for its row of the
ateliers' table (``label`` "Quand" for when and where, "Séances" for the sessions, else
the label of one of its public lines); ``"sector"`` for the lines of the action's sector;
``"table:<start of its title>"`` for a table (``row`` and ``column`` pick the cell).
``expected``: a regular expression looked for in the value, as a reader sees it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedFigure:
    action: str
    where: str
    label: str
    expected: str
    quote: str
    row: str = ""
    column: str = ""
    missing: str = ""  # why Tisserand does not compute it ("" when it does)


ANIMATIONS = "Projet d'animations"
MANGER = "Manger, Bouger"
BOXES = "Boîtes à chaussures – Noël"
SOLIDARITY = "Actions solidaires à destination des personnes dans le besoin"
CODE = "Code de la route"
INTERGEN = "Projet intergénérationnel"
CLAS = "Action CLAS (Contrat Local d'Accompagnement à la Scolarité)"
PARENTS = "Ateliers Parents/Enfants"
HEALTH = "Projet Santé"
ISOLATION = "Lutte contre l'isolement : repérage, accompagnement individuel et projets collectifs"
RIGHTS = "Accompagnement aux démarches administratives, information/sensibilisation aux droits"
FABRIQUE = "La Fabrique des petits possibles et la Semaine de la Solidarité"
CAULIER = "Le Projet Caulier : « J'habite Caulier, ras-le-bol des préjugés »"
DANCE = "Ateliers Danse"
FRENCH = "Atelier de français"
WRITERS = "Permanence Ecrivains publics"
SPRING = "table:Du 1er janvier 2020 au 31 août 2020 : 24 enfants scolarisés, par "
AUTUMN = "table:Du 1er septembre 2020 au 31 décembre 2020 : 24 enfants scolarisés, par "
MONTHS = "table:Séances par mois"
F = SeedFigure

FIGURES = [
    # --- Enfance : projet d'animations -------------------------------------------------
    F(ANIMATIONS, "Projet Bois", "Séances", r"^(1[1-9]|[2-9]\d) séances",
      "Plus de 10 séances par projet"),
    F(ANIMATIONS, "Projet Art", "Quand", r"\ble mercredi\b", "essentiellement les mercredis"),
    F(ANIMATIONS, "", "Âges", r"^de 6 à 12 ans$", "Public de 6 à 12 ans"),
    # --- Jeunesse : Manger, Bouger -------------------------------------------------------
    F(MANGER, "Futsal", "Quand", r"mardi de 19 h 00 à 20 h 00",
      "Futsal : le mardi de 19 h 00 à 20 h 00"),
    F(MANGER, "Futsal", "Quand", r"samedi de 11 h 30 à 13 h 30",
      "et le samedi de 11 h 30 à 13 h 30"),
    F(MANGER, "Futsal", "Participants réguliers", r"dont 12 présents à toutes les séances",
      "12 jeunes toujours présents"),
    F(MANGER, MONTHS, "", r"^1 \(", "Janvier : 1 atelier de présentation du projet",
      row="janvier 2020", column="Temps culinaires et alimentation"),
    F(MANGER, MONTHS, "", r"^4 \(", "4 séances de Futsal le mardi [en janvier]",
      row="janvier 2020", column="Futsal (mardi)"),
    F(MANGER, MONTHS, "", r"^4 \(", "4 séances de Futsal le samedi [en janvier]",
      row="janvier 2020", column="Futsal (samedi)"),
    F(MANGER, MONTHS, "", r"^1 \(", "Février : 1 atelier débat « C'est quoi l'équilibre "
      "alimentaire ? »", row="février 2020", column="Temps culinaires et alimentation",
      missing="Le tableau compte 2 temps culinaires en février : le débat et l'une des deux "
              "soirées des vacances, que le rapport compte à part."),
    F(MANGER, MONTHS, "", r"^2 \(", "2 séances de Futsal le mardi [en février]",
      row="février 2020", column="Futsal (mardi)"),
    F(MANGER, MONTHS, "", r"^2 \(", "2 séances de Futsal le samedi [en février]",
      row="février 2020", column="Futsal (samedi)"),
    F(MANGER, "Temps culinaires et alimentation", "Séances", r"dont .*\b2 en soirée",
      "Durant les vacances scolaires : 2 soirées Atelier culinaire"),
    F(MANGER, "Activités sportives (vacances et hors les murs)", "Séances",
      r"dont 5 hors les murs et 4 pendant les vacances scolaires",
      "4 activités à dominante sportive [pendant les vacances]"),
    F(MANGER, "Futsal", "Séances", r"16 de juillet à octobre",
      "De juillet à octobre : créneaux Futsal une fois par semaine"),
    F(MANGER, "", "Personnes différentes", r"^24$", "24 jeunes"),
    F(MANGER, "", "Âges", r"^de 11 à 15 ans$", "âgés de 11 à 15 ans"),
    F(MANGER, "", "Équipe", r"^3 salariés", "3 animateurs différents"),
    F(MANGER, "", "Équipe", r"1 intervenant extérieur \(Diététicienne",
      "1 intervenant sur la thématique de l'alimentation"),
    # --- Jeunesse : les autres actions du LALP ----------------------------------------
    F(BOXES, "Boîtes à chaussures de Noël", "Séances", r"^3 séances .*en décembre$",
      "3 séances, en décembre"),
    F(BOXES, "Boîtes à chaussures de Noël", "Public prévu", r"de 11 à 17 ans",
      "Tous les jeunes du LALP de 11 à 17 ans"),
    F(BOXES, "", "Présences", r"^10$", "Les 10 boîtes réalisées",
      missing="Des objets faits, pas une activité : Tisserand ne les enregistre pas."),
    F(SOLIDARITY, "Collecte et maraude solidaire", "Séances", r"^3 séances .*en décembre$",
      "3 temps d'échanges, en décembre"),
    F(SOLIDARITY, "Collecte et maraude solidaire", "Public prévu", r"de 11 à 17 ans",
      "Tous les jeunes du LALP de 11 à 17 ans"),
    F(CODE, "Code de la route", "Quand", r"2 fois par semaine depuis octobre",
      "2 séances par semaine depuis octobre"),
    F(CODE, "", "Personnes différentes", r"^8$", "Un groupe de 8 jeunes"),
    F(CODE, "Code de la route", "Public prévu", r"de 11 à 17 ans", "du LALP de 11 à 17 ans"),
    F(INTERGEN, "", "Personnes différentes", r"^6$", "Un groupe de 6 jeunes"),
    F(INTERGEN, "Correspondance avec les résidents", "Quand", r"\bmercredi\b",
      "qui se sont réunis des mercredis"),
    F(INTERGEN, "Correspondance avec les résidents", "Public prévu", r"de 11 à 17 ans",
      "du LALP de 11 à 17 ans"),
    # --- CLAS -------------------------------------------------------------------------
    F(CLAS, "CLAS Cornette / Dupleix", "Quand", r"lundi et jeudi de 16 h 15 à 18 h 30",
      "Lundi et jeudi de 16 h 15 à 18 h 30 pour les écoles Cornette et Dupleix"),
    F(CLAS, "CLAS Brunschvicg / Roland", "Quand", r"mardi et vendredi de 16 h 15 à 18 h 30",
      "Mardi et vendredi de 16 h 15 à 18 h 30 pour les écoles Brunschvicg et Roland"),
    F(CLAS, SPRING + "école", "", r"^5$", "5 enfants de l'école Dupleix",
      row="École Dondaines-Dupleix", column="Enfants"),
    F(CLAS, SPRING + "école", "", r"^5$", "5 de l'école Cornette", row="École Cornette",
      column="Enfants"),
    F(CLAS, SPRING + "école", "", r"^2$", "2 de l'école Roland", row="École Roland",
      column="Enfants"),
    F(CLAS, SPRING + "école", "", r"^12$", "12 de l'école Brunschvicg",
      row="École Brunschvicg", column="Enfants"),
    F(CLAS, SPRING + "classe", "", r"^5$", "5 CM2", row="CM2", column="Enfants"),
    F(CLAS, SPRING + "classe", "", r"^6$", "6 CM1", row="CM1", column="Enfants"),
    F(CLAS, SPRING + "classe", "", r"^2$", "2 CE2", row="CE2", column="Enfants"),
    F(CLAS, SPRING + "classe", "", r"^3$", "3 CE1", row="CE1", column="Enfants"),
    F(CLAS, SPRING + "classe", "", r"^8$", "8 CP", row="CP", column="Enfants"),
    F(CLAS, AUTUMN + "école", "", r"^6$", "6 enfants de l'école Dupleix",
      row="École Dondaines-Dupleix", column="Enfants"),
    F(CLAS, AUTUMN + "école", "", r"^1$", "1 enfant de Cornette", row="École Cornette",
      column="Enfants"),
    F(CLAS, AUTUMN + "école", "", r"^4$", "4 de l'école Roland", row="École Roland",
      column="Enfants"),
    F(CLAS, AUTUMN + "école", "", r"^13$", "13 de Brunschvicg", row="École Brunschvicg",
      column="Enfants"),
    F(CLAS, AUTUMN + "classe", "", r"^4$", "4 CM2", row="CM2", column="Enfants"),
    F(CLAS, AUTUMN + "classe", "", r"^2$", "2CM1", row="CM1", column="Enfants"),
    F(CLAS, AUTUMN + "classe", "", r"^3$", "3 CE2", row="CE2", column="Enfants"),
    F(CLAS, AUTUMN + "classe", "", r"^11$", "11 CE1", row="CE1", column="Enfants"),
    F(CLAS, AUTUMN + "classe", "", r"^4$", "4 CP", row="CP", column="Enfants"),
    F(CLAS, "table:Du 1er janvier 2020 au 31 août 2020 : 24 enfants", "", r".",
      "Au premier semestre 2020, 24 enfants accueillis"),
    F(CLAS, "table:Du 1er septembre 2020 au 31 décembre 2020 : 24 enfants", "", r".",
      "Depuis la rentrée de septembre 2020, 24 enfants accueillis"),
    F(CLAS, "", "Bénévoles", r"^5 bénévoles", "A ce jour, le CLAS compte 5 bénévoles"),
    F(CLAS, "", "Bénévoles", r"^4 bénévoles", "Une équipe de 4 bénévoles [avant l'arrivée "
      "d'un nouveau]", missing="Les bénévoles sont comptés sur la période ; l'arrivée du "
      "cinquième en cours d'année n'est pas datée."),
    F(CLAS, "", "Jours et horaires", r"10 h 15 à 17 h 00",
      "les enfants arrivent « au compte-gouttes » de 10 h 15 à 17 h 00",
      missing="Les heures d'arrivée des enfants ne sont pas enregistrées."),
    # --- Ateliers Parents/Enfants --------------------------------------------------------
    F(PARENTS, "Expression corporelle", "Quand", r"\ble samedi matin\b", "Samedi matin"),
    F(PARENTS, "Expression corporelle", "Quand", r"2 fois par mois", "2 ateliers par mois"),
    F(PARENTS, "Expression corporelle", "Séances", r"^14 séances d'1 h\b.*dont 2 hors les murs",
      "12 séances (d'1 h) sur l'année. 2 ateliers « hors les murs »"),
    F(PARENTS, "Expression corporelle", "Personnes différentes", r"^66 personnes$",
      "66 personnes"),
    F(PARENTS, "Expression corporelle", "Familles différentes", r"^19 familles$",
      "soit 19 familles différentes"),
    F(PARENTS, "Expression corporelle", "Mères et pères", r"\b5 pères$",
      "Présence régulière de 5 papas"),
    F(PARENTS, "Atelier cirque", "Quand", r"^pendant les vacances scolaires\b",
      "Ateliers ponctuels durant les vacances scolaires"),
    F(PARENTS, "Atelier cirque", "Séances", r"^5 séances d'1 h\b.*dont 3 hors les murs",
      "5 ateliers d'1 h sur l'année, dont 3 ateliers proposés « hors les murs »"),
    F(PARENTS, "Atelier cirque", "Personnes différentes", r"^57 personnes$", "57 personnes"),
    F(PARENTS, "Atelier cirque", "Familles différentes", r"^16 familles$",
      "soit 16 familles différentes"),
    F(PARENTS, "Atelier cirque", "Mères et pères", r"\b3 pères$", "Présence de 3 papas"),
    F(PARENTS, "Atelier cirque", "Âges", r"^enfants de 7 à 10 ans", "Enfants de 7 à 10 ans"),
    F(PARENTS, "Éveil aux livres", "Quand", r"jeudi de 17 h 00 à 18 h 00",
      "Jeudi de 17 h 00 à 18 h 00"),
    F(PARENTS, "Éveil aux livres", "Quand", r"Local de l'Alma", "au local de l'Alma"),
    F(PARENTS, "Éveil aux livres", "Séances", r": 9 de janvier à mars", "de janvier à mars"),
    F(PARENTS, "Éveil aux livres", "Séances", r"^11 séances .*dont 2 hors les murs",
      "9 ateliers et 2 ateliers « hors les murs »"),
    F(PARENTS, "Éveil aux livres", "Parents et enfants", r"^27 parents", "27 parents"),
    F(PARENTS, "Éveil aux livres", "Parents et enfants", r"\b41 enfants$", "et 41 enfants"),
    F(PARENTS, "Éveil aux livres", "Âges", r"^enfants de moins de 6 ans",
      "Enfants de moins de 6 ans"),
    F(PARENTS, "Expression musicale", "Quand", r"\ble mercredi\b", "Mercredi"),
    F(PARENTS, "Expression musicale", "Quand", r"pendant les vacances scolaires",
      "et durant les vacances scolaires"),
    F(PARENTS, "Expression musicale", "Séances", r"^10 séances .*dont 3 hors les murs",
      "7 séances et 3 « hors les murs »"),
    F(PARENTS, "Expression musicale", "Parents et enfants", r"\b25 enfants$", "25 enfants"),
    F(PARENTS, "Expression musicale", "Parents et enfants", r"^19 parents", "et 19 parents"),
    F(PARENTS, "Expression musicale", "Familles différentes", r"^18 familles$",
      "soit 18 familles différentes sur l'année"),
    F(PARENTS, "Expression musicale", "Mères et pères", r"\b5 pères$", "Présence de 5 papas"),
    F(PARENTS, "Expression musicale", "Âges", r"la plupart de 6 à 9 ans",
      "Majorité d'enfants de 6 à 9 ans", missing="Tisserand donne la tranche la plus étroite "
      "qui réunit plus de la moitié des enfants : de 6 à 7 ans."),
    F(PARENTS, "Après-midi récréatifs", "Quand", r"le mercredi après-midi de 14 h 00 à 15 h 30",
      "Mercredi après-midi de 14 h 00 à 15 h 30"),
    F(PARENTS, "Après-midi récréatifs", "Quand", r"2 fois par mois", "2 fois par mois"),
    F(PARENTS, "Après-midi récréatifs", "Séances", r"^8 séances", "8 ateliers pour l'année 2020"),
    F(PARENTS, "Après-midi récréatifs", "Présences", r"^80 présences$",
      "80 personnes (adultes et enfants) [80 venues]"),
    F(PARENTS, "Après-midi récréatifs", "Familles différentes", r"^13 familles$",
      "soit 13 familles différentes"),
    F(PARENTS, "Après-midi récréatifs", "Mères et pères", r"\b2 pères$", "Présence de 2 papas"),
    # --- Projet Santé --------------------------------------------------------------------
    F(HEALTH, "Atelier cuisine", "Quand", r"\ble jeudi matin\b", "Jeudi matin"),
    F(HEALTH, "Atelier cuisine", "Quand", r"2 fois par mois", "2 ateliers par mois"),
    F(HEALTH, "Atelier cuisine", "Séances", r"sur 12 prévues", "soit 12 séances (d'1 h) sur "
      "l'année", missing="Le rapport compte le rythme prévu (2 par mois) ; Tisserand les 19 "
      "séances programmées dans l'année, 11 annulées."),
    F(HEALTH, "Atelier cuisine", "Séances", r"^8 séances d'1 h\b",
      "8 ateliers ont été réalisés en 2020 (d'1 h)"),
    F(HEALTH, "Atelier cuisine", "Intervenants", r"Diététicienne : 4 séances",
      "dont 4 animés par la diététicienne"),
    F(HEALTH, "Atelier cuisine", "Femmes et hommes", r"^6 femmes", "6 femmes"),
    F(HEALTH, "Atelier cuisine", "Femmes et hommes", r"\b1 homme$", "1 homme"),
    F(HEALTH, "Gymnastique douce", "Séances", r": 8 de janvier à mars",
      "De janvier à mars, 8 séances d'1 h"),
    F(HEALTH, "Gymnastique douce", "Séances", r"puis 2 en octobre",
      "puis 2 séances au dernier trimestre"),
    F(HEALTH, "Gymnastique douce", "Personnes différentes", r"^6 personnes$", "6 personnes"),
    F(HEALTH, "Sophrologie", "Séances", r"^4 séances d'1 h\b", "4 ateliers d'1 h"),
    F(HEALTH, "Sophrologie", "Personnes différentes", r"^10 personnes$", "10 personnes"),
    F(HEALTH, "Sophrologie", "Participants réguliers", r"^6 participants réguliers",
      "dont 6 avec une fréquence régulière"),
    F(HEALTH, "Sport pour elles", "Séances", r"^12 séances d'1 h 30\b", "12 séances d'1 h 30"),
    F(HEALTH, "Sport pour elles", "Personnes différentes", r"^27 personnes$", "27 personnes"),
    F(HEALTH, "Biocabas accessibles", "Séances", r"1 en janvier \(8 présents\b",
      "En janvier, intervention de Norabio [...] 8 personnes lors de l'intervention"),
    F(HEALTH, "Biocabas accessibles", "Séances", r"puis 15 de septembre",
      "En septembre, mise en place du dispositif"),
    F(HEALTH, "Biocabas accessibles", "Familles différentes", r"^12 familles$", "12 familles",
      missing="Les familles sont comptées sur l'année (18, avec les 8 personnes venues en "
              "janvier) ; le rapport compte celles du dispositif, de septembre à décembre."),
    F(HEALTH, "", "Bénévoles", r"^2 bénévoles", "L'action Balades santé est menée [...] "
      "avec 2 bénévoles"),
    # --- Lutte contre l'isolement, accès aux droits ----------------------------------------
    F(ISOLATION, "sector", "Personnes accompagnées individuellement", r"^(3[5-9]|4[0-5]),",
      "Une quarantaine de personnes/familles ont été accompagnées [isolement et accès aux "
      "droits]"),
    F(ISOLATION, "sector", "Personnes accompagnées individuellement",
      r"dont (1[6-9]|2[0-4]) habitant un QPV", "pour près de la moitié d'entre eux en "
      "Quartiers politiques de la ville"),
    F(ISOLATION, "Espace Alma (après-midi)", "Participants réguliers",
      r"^7 participants réguliers", "un noyau d'habitués d'environ 7 personnes"),
    F(ISOLATION, "Espace Alma (après-midi)", "Âges", r"^de 45 à 79 ans$",
      "âgées de 45 ans à 79 ans", missing="Tisserand donne l'âge de tous les présents "
      "(de 46 à 76 ans), le rapport celui des habitués."),
    F(ISOLATION, "Espace Alma (après-midi)", "Quand", r"2 fois par semaine",
      "2 ou 3 après-midi par semaine"),
    F(RIGHTS, "Ateliers numériques", "Quand", r"une fois par mois",
      "ateliers numériques avec Emmaüs Connect proposés 1 fois par mois"),
    F(RIGHTS, "Ateliers numériques", "Séances", r"3 de janvier à mars \([^)]*Emmaüs Connect",
      "[avec Emmaüs Connect] jusqu'en mars 2020"),
    F(PARENTS, "", "Séances réalisées", r"3 fois par semaine en juillet",
      "animations « hors les murs » en juillet 2020 (3 temps par semaine)",
      missing="Le rythme d'un mois donné n'est pas calculé ; les 10 ateliers de juillet "
              "sont dans les lignes de leurs ateliers."),
    # --- La Fabrique, le projet Caulier --------------------------------------------------
    F(FABRIQUE, "Projet inclusion numérique", "Personnes différentes", r"^10 personnes$",
      "une dizaine de personnes ont participé à la discussion"),
    F(FABRIQUE, "Projet inclusion numérique", "Présences", r"dont (2[5-9]|3[0-5]) comptées",
      "une trentaine à la représentation de la pièce de théâtre"),
    F(FABRIQUE, "Semaine de la Solidarité", "Public compté", r"^[1-9]\d\d passages",
      "des centaines de personnes"),
    F(FABRIQUE, "", "Séances réalisées", r"^4\b", "Le Collectif [...] s'est réuni, à quatre "
      "reprises", missing="Les réunions d'un collectif de partenaires ne sont pas des séances "
      "enregistrées."),
    F(CAULIER, "", "Personnes différentes", r"^30 \(", "Participation d'une trentaine "
      "d'habitants"),
    # --- Ateliers Danse (saison 2019-2020) ------------------------------------------------
    F(DANCE, "", "Jours et horaires", r"le lundi de 16 h 30 à 21 h 00",
      "Lundi de 16 h 30 à 21 h 00"),
    F(DANCE, "", "Jours et horaires", r"le mercredi de 10 h 15 à 18 h 30",
      "et mercredi de 10 h 15 à 18 h 30"),
    F(DANCE, "", "Ateliers par semaine", r"^10$", "10 ateliers par semaine",
      missing="Onze créneaux hebdomadaires dans les données : l'initiation des ACM, que le "
              "rapport présente à part, en est un."),
    F(DANCE, "Danse enfants 3-4 ans", "Âges", r"^de 3 à 4 ans$", "Enfants (3-4 ans"),
    F(DANCE, "Danse enfants 5-6 ans", "Âges", r"^de 5 à 6 ans$", "5-6 ans"),
    F(DANCE, "Danse enfants 7-8 ans (lundi)", "Âges", r"^de 7 à 8 ans$", "7-8 ans"),
    F(DANCE, "Danse enfants 9-10 ans", "Âges", r"^de 9 à 10 ans$", "et 9-10 ans)"),
    F(DANCE, "Danse adultes (lundi 18 h 45)", "Public prévu", r"de 20 à 55 ans",
      "adultes (20-55 ans)"),
    F(DANCE, "Danse seniors (55 ans et plus)", "Âges", r"^de 55 à", "seniors (+ de 55 ans)"),
    F(DANCE, "", "Personnes différentes", r"^111 \(", "111 participants (hors ACM) sur la "
      "période de septembre 2019 à juin 2020"),
    F(DANCE, "", "Personnes différentes", r"\(83 en 2018-2019\)",
      "+ 28 participants/l'année précédente [111 - 28 = 83]"),
    F(DANCE, "Initiation danse ACM et Chats Perchés", "Présents par séance",
      r"^le plus souvent de 10 à 15 présents",
      "entre 10 et 15 enfants [...] bénéficient d'une initiation"),
    # --- Atelier de français --------------------------------------------------------------
    F(FRENCH, "Atelier de français", "Séances", r"^12 séances", "ce sont 12 séances qui ont "
      "été tenues en 2020"),
    F(FRENCH, "Atelier de français", "Séances", r": 8 de janvier à mars",
      "8 séances entre janvier et mars"),
    F(FRENCH, "Atelier de français", "Séances", r"puis 4 en septembre et octobre",
      "et 4 séances entre septembre et octobre"),
    F(FRENCH, "Atelier de français", "Séances", r"sur 32 prévues",
      "au lieu de 32 séances en temps « ordinaire »"),
    F(FRENCH, "Atelier de français", "Séances", r"8 de janvier à mars \(7 à 13 présents\b",
      "De janvier à mars [...] entre 7 et 13 personnes"),
    F(FRENCH, "Atelier de français", "Participants réguliers", r"^7 participants réguliers",
      "dont 7 d'entre elles très assidues", missing="Les participants réguliers sont ceux "
      "venus à la moitié des séances au moins (8) ; les « très assidus » du rapport, plus."),
    F(FRENCH, "", "Bénévoles", r"^4 bénévoles", "Ce sont 4 bénévoles animatrices [depuis "
      "septembre]"),
    F(FRENCH, "Atelier de français", "Séances", r"8 de janvier à mars \([^)]*\b2 bénévoles",
      "De janvier à mars 2020, l'atelier a été assuré par 2 bénévoles"),
    F(FRENCH, "Atelier de français", "Quand", r"\blundi\b", "chaque lundi"),
    F(FRENCH, "Atelier de français", "Séances", r"21 septembre",
      "Les séances de l'atelier ont repris le 21 septembre", missing="Les reprises sont "
      "dites par mois, pas par jour."),
    F(FRENCH, "", "Personnes différentes", r"\(15 en 2019\)",
      "En 2018 et 2019, une quinzaine de personnes"),
    # --- Permanence Écrivains publics ------------------------------------------------------
    F(WRITERS, "", "Jours et horaires", r"mardi de 14 h 00 à 16 h 00",
      "le mardi de 14 h 00 à 16 h 00"),
    F(WRITERS, "", "Bénévoles de permanence", r"^2 bénévoles$", "assurée par 2 bénévoles"),
    F(WRITERS, "", "Permanences tenues", r"^26 ", "Lors des 26 permanences en 2020"),
    F(WRITERS, "", "Permanences tenues", r"\(36 en 2019\)", "contre 36 en 2019"),
    F(WRITERS, "", "Rendez-vous pris", r"^78 ", "Rendez-vous pris : 78"),
    F(WRITERS, "", "Rendez-vous pris", r"\(79 en 2019\)", "(79 en 2019)"),
    F(WRITERS, "", "Absences aux rendez-vous", r"^22 ", "Absences aux rendez-vous : 22"),
    F(WRITERS, "", "Absences aux rendez-vous", r"\(28 en 2019\)", "(28 en 2019)"),
    F(WRITERS, "", "Sans rendez-vous", r"^2 ", "Sans rendez-vous : 2"),
    F(WRITERS, "", "Sans rendez-vous", r"\(16 en 2019\)", "(16 en 2019)"),
    F(WRITERS, "", "Nombre d'entretiens", r"^52 ", "Nombre d'entretiens : 52"),
    F(WRITERS, "", "Nombre d'entretiens", r"\(67 en 2019\)", "(67 en 2019)"),
    F(WRITERS, "", "Premières venues", r"^26 ", "à peu près la moitié [...] L'autre moitié "
      "sont des primo rendez-vous [26 des 52 entretiens]"),
]
