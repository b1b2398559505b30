"""Invented names for the demo centre, of the varied origins of a Lille neighbourhood.

Every name here is made up by combination: no real inhabitant of the report is named. The
lists are fixed (their order matters: the demo draws from them with a seeded generator).
"""

# origin -> (women's first names, men's first names, last names)
ORIGINS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "nord": (
        ("Amandine", "Aurélie", "Camille", "Céline", "Chloé", "Élodie", "Émilie", "Jade",
         "Julie", "Léa", "Lucie", "Manon", "Margaux", "Marion", "Mathilde", "Nathalie",
         "Pauline", "Sandrine", "Séverine", "Sophie", "Valérie", "Zoé", "Louise", "Inès",
         "Hélène", "Chantal", "Monique", "Josiane", "Martine", "Brigitte", "Colette"),
        ("Antoine", "Arnaud", "Baptiste", "Bruno", "Cédric", "Damien", "Didier", "Florian",
         "Guillaume", "Hugo", "Jérémy", "Julien", "Kévin", "Louis", "Lucas", "Mathis",
         "Maxime", "Nicolas", "Olivier", "Romain", "Théo", "Thomas", "Jean-Pierre",
         "Gérard", "Bernard", "Raymond", "Gaëtan"),
        ("Bacquaert", "Bauduin", "Becquart", "Bonte", "Castelain", "Coussement", "Debeyre",
         "Decool", "Degrave", "Delattre", "Delbecque", "Delporte", "Demarcq", "Desmet",
         "Despretz", "Devos", "Dhennin", "Duflos", "Dujardin", "Facon", "Flament",
         "Hennebelle", "Lefebvre", "Lemaire", "Leroy", "Lesage", "Masquelier", "Mortreux",
         "Plouvier", "Ryckebusch", "Taffin", "Vanhoutte", "Verbeke", "Wattel"),
    ),
    "maghreb": (
        ("Amina", "Asma", "Dounia", "Fatima", "Hafsa", "Hanane", "Imane", "Kenza", "Khadija",
         "Leïla", "Lina", "Malika", "Meriem", "Nadia", "Naïma", "Nour", "Rania", "Salma",
         "Samira", "Sarah", "Souad", "Yasmine", "Zohra", "Aïcha", "Farida"),
        ("Adam", "Ayoub", "Bilal", "Djamel", "Hamza", "Ilyes", "Karim", "Khaled", "Mehdi",
         "Mohamed", "Mourad", "Nabil", "Nassim", "Omar", "Rachid", "Riad", "Samir", "Sofiane",
         "Walid", "Yanis", "Yassine", "Younes", "Zakaria", "Ahmed"),
        ("Amrani", "Bekkali", "Belkacem", "Benali", "Benmoussa", "Bouzid", "Chaouch",
         "Cherif", "Djebbar", "El Idrissi", "Haddad", "Hamidi", "Kaci", "Khelifi", "Lamrani",
         "Mansouri", "Meziane", "Ouali", "Rahmani", "Saïdi", "Slimani", "Tahiri", "Zerrouki"),
    ),
    "afrique": (
        ("Aminata", "Awa", "Binta", "Fanta", "Fatoumata", "Grâce", "Kadiatou", "Mariam",
         "Nafissatou", "Rokia", "Ramatoulaye", "Esther", "Divine", "Prisca", "Josiane"),
        ("Abdoulaye", "Amadou", "Boubacar", "Cheikh", "Ibrahima", "Issa", "Mamadou", "Moussa",
         "Ousmane", "Seydou", "Christian", "Jonathan", "Daniel", "Emmanuel", "Joël"),
        ("Bamba", "Camara", "Cissé", "Coulibaly", "Diallo", "Diop", "Doumbia", "Fofana",
         "Kanté", "Keïta", "Konaté", "Sangaré", "Touré", "Traoré", "Mbemba", "Lukusa",
         "Nkosi", "Mabiala", "Kiala", "Tshibanda"),
    ),
    "portugal": (
        ("Ana", "Beatriz", "Carla", "Catarina", "Filipa", "Inês", "Joana", "Mariana", "Rita",
         "Sofia", "Teresa"),
        ("André", "Bruno", "Diogo", "Fábio", "João", "Miguel", "Nuno", "Pedro", "Rui",
         "Tiago"),
        ("Almeida", "Carvalho", "Costa", "Fernandes", "Ferreira", "Gonçalves", "Lopes",
         "Martins", "Pereira", "Rodrigues", "Silva", "Sousa"),
    ),
    "europe": (
        ("Agnieszka", "Alina", "Anna", "Elena", "Irina", "Katarzyna", "Maria", "Natalia",
         "Olga", "Svetlana", "Tatiana", "Giulia", "Chiara"),
        ("Andrzej", "Dmitri", "Ivan", "Marek", "Mikhaïl", "Pavel", "Piotr", "Sergueï",
         "Tomasz", "Giuseppe", "Marco"),
        ("Kowalczyk", "Nowak", "Wiśniewski", "Zielinski", "Ivanova", "Petrov", "Smirnov",
         "Volkov", "Romano", "Esposito", "Marchetti"),
    ),
    "asie": (
        ("Sophea", "Sreymom", "Chantha", "Linh", "Mai", "Thi Hoa", "Bopha", "Kanha"),
        ("Sokha", "Vannak", "Dara", "Minh", "Tuan", "Bao", "Rithy"),
        ("Chea", "Heng", "Kim", "Nguyen", "Pham", "Sok", "Tran", "Ly", "Chhun"),
    ),
    "moyen_orient": (
        ("Rana", "Hiba", "Lama", "Nour", "Reem", "Yara", "Dalia"),
        ("Ahmad", "Bassel", "Firas", "Hussein", "Jamal", "Khaled", "Omar", "Tarek", "Wassim"),
        ("Al Hassan", "Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Youssef", "Darwish"),
    ),
    "soudan": (
        ("Amna", "Hawa", "Mariam", "Nafisa"),
        ("Abdelrahman", "Adam", "Ibrahim", "Mohamed", "Osman", "Yousif", "Hamid"),
        ("Abdalla", "Elamin", "Hassan", "Idriss", "Osman", "Suleiman", "Abakar"),
    ),
}

# How often each origin is drawn for a household (weights, same order as ORIGINS).
ORIGIN_WEIGHTS: dict[str, int] = {
    "nord": 36, "maghreb": 30, "afrique": 14, "portugal": 5, "europe": 6, "asie": 4,
    "moyen_orient": 3, "soudan": 2,
}

STREETS: tuple[str, ...] = (
    "rue de l'Alma", "rue de la Briqueterie", "place Caulier", "rue Eugène Jacquet",
    "résidence du Lion d'Or", "rue du Faubourg de Roubaix", "rue Saint-Gabriel",
    "rue de Fives", "rue du Pré Muché", "rue Laplace", "avenue de Bretagne",
    "rue Pierre Legrand", "rue des Dondaines", "cité Saint-Maurice", "rue Jules Guesde",
)

# Streets of the priority area (QPV) part of the neighbourhood.
QPV_STREETS: frozenset[str] = frozenset({
    "rue de l'Alma", "rue de la Briqueterie", "place Caulier", "rue Eugène Jacquet",
    "résidence du Lion d'Or", "cité Saint-Maurice",
})

NEIGHBOURHOODS: tuple[str, ...] = (
    "Saint-Maurice Pellevoisin", "Saint-Maurice Pellevoisin", "Saint-Maurice Pellevoisin",
    "Saint-Maurice Pellevoisin", "Fives", "Hellemmes",
)
