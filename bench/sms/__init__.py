"""`python -m bench.sms`: the SMS webhook under load, signed as Twilio signs (bench/load/channels.py)."""
