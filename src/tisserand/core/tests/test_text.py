from tisserand.core.text import search_key


def test_search_key_ignores_accents_case_and_spaces():
    assert search_key("  Hélène   DUPRÉ-Œuf ") == "helene dupre-œuf"
    assert search_key("Zoë Çelik") == "zoe celik"
