"""The kinds of contest this build ships: importing this registers their rulebooks."""

from __future__ import annotations

from .quiz.rulebook import QUIZ
from .rulebook import register
from .sports.rulebook import SPORTS

register(QUIZ)
register(SPORTS)
KINDS = (QUIZ.kind, SPORTS.kind)
