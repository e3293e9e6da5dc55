"""Conversation stores for the scaled deployment (endpoints.scaled.yml)."""
