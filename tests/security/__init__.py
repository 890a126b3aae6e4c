"""Attacks and robustness checks against a real `quizapp serve` process."""
