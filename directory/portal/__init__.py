"""The portal's rules: who may do what to which listing, and what happens to a change.

Accounts and their sign-in factors, joining an organisation, revisions and the service document they
edit, archiving, freshness reviews and reminders, residents' reports, and the council's dashboard.
The web portal (`web/portal/`) has one module of views per module here, with the same name.
"""
