"""The chat widget and relay: payload size, time to first message in a browser, relay overhead."""
