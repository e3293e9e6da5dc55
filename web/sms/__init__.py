"""SMS: residents text a number and get help through Twilio (webhook, formatting, keywords, limits)."""
