"""Conversation and lock stores for several assistant instances (endpoints.scaled.yml, endpoints.local*.yml)."""
