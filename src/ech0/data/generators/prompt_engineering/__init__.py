"""The prompt_engineering domain: generator.py writes its rows from the word and fact banks in
banks.yaml; rubric.py scores a model's answers. Empty, so that importing the rubric
(the eval stage does) loads none of the generator."""
