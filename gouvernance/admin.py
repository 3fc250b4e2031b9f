"""Committees, séances and perimeter requests are run from the portal's pages, where the scoping layer
decides who acts; the admin holds the reference data and the accounts."""
