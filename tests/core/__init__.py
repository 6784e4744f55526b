"""Tests of the pure core (quizapp/core)."""
