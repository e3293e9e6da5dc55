"""Custom actions for the Around Here assistant (served by `rasa run actions --actions actions`).

One module per area: search (the search form and results), details (one service in full),
crisis (the safety response), language, handoff (people and fallbacks).
"""
