"""Nothing of the people app is in the Django admin.

Persons, households, family quotients, memberships and schooling are personal data: they
are read and written only through the application's screens, which check the roles (the
permission matrix) and write the audit trail (every change, and every opening of a
household's family quotient). The admin site keeps the centre's reference data
(``tisserand.audit.admin_site``)."""
