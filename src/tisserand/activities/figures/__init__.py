"""Figures of the programme (sessions, public, schooling, newcomers, regulars, volunteers,
partners) for a scope and a period, computed in the database."""
