"""Printable documents built with reportlab (no Qt): badges, tickets, certificates, reports."""
