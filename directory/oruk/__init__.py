"""Open Referral UK 3.0: our records in the sector's standard shape, and back."""

ORUK_VERSION = "HSDS-UK-3.0"
ORUK_PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
